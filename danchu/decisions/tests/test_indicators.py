import datetime as dt

from django.utils import timezone

from danchu.decisions import services
from danchu.decisions.models import Kind
from danchu.decisions.selectors import Period, indicators

from .factories import hamlet_head, households, matter


def test_indicators_by_kind_for_a_commune_subtree_and_period(tree):
    head1, head2 = hamlet_head(tree["a1"]), hamlet_head(tree["a2"])
    h1, h2 = households(tree["a1"], 3), households(tree["a2"], 2)
    m1 = matter(head1, tree["a1"], kind=Kind.CONTRIBUTION)
    services.attendance_record(actor=head1, matter=m1, present_codes=[h.code for h in h1])
    services.hands_record(actor=head1, matter=m1, choices={h.code: "agree" for h in h1})
    services.matter_close(actor=head1, matter=m1)
    matter(head2, tree["a2"], kind=Kind.OTHER)  # opened, not decided
    matter(head2, tree["a2"], kind=Kind.OTHER, open_=False)  # a draft is not counted
    hb = hamlet_head(tree["b1"])
    households(tree["b1"], 1)
    matter(hb, tree["b1"])  # another commune
    data = indicators(unit=tree["a"])
    assert data["opened"] == 2 and data["decided"] == 1 and data["adopted"] == 1
    assert data["by_kind"]["contribution"] == {"opened": 1, "decided": 1, "adopted": 1, "not_adopted": 0, "not_valid": 0}
    assert data["electors"] == 3 and data["voted"] == 3 and data["turnout_percent"] == 100.0
    today = timezone.localdate()
    assert indicators(unit=tree["a"], period=Period(today - dt.timedelta(days=400), today - dt.timedelta(days=1)))[
        "opened"] == 0
    assert len(h2) == 2
