"""Ballots after a meeting (Law Art. 17, Art. 19(1)(b); Decree 59 Art. 4(1); Decree 61 Art. 10): the
households decide at the meeting; only when the meeting could not decide (too few households attended)
is a ballot round held, over all households, and the meeting's hands are not added to it."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.core.errors import DomainError
from danchu.core.tests.matrix import TaskCounter, snapshot
from danchu.decisions import services
from danchu.decisions.models import Form, Kind, Matter, Result
from danchu.decisions.tally import decide, meeting_decides, round_count, threshold_for

from .factories import hamlet_head, households, matter

KINDS = st.sampled_from(["contribution", "funds", "convention", "hamlet_head", "boards", "other"])


@st.composite
def hamlet_votes(draw):
    total = draw(st.integers(1, 200))
    present = draw(st.integers(0, total))
    agree = draw(st.integers(0, present))
    disagree = draw(st.integers(0, present - agree))
    b_agree = draw(st.integers(0, total))
    b_disagree = draw(st.integers(0, total - b_agree))
    return total, present, {"agree": agree, "disagree": disagree}, {"agree": b_agree, "disagree": b_disagree}


@given(KINDS, hamlet_votes(), hamlet_votes())
def test_a_quorate_meeting_is_decided_on_its_own_votes_whatever_the_ballots(kind, votes, other):
    total, present, meeting, ballots = votes
    if not meeting_decides(kind, present, total):
        present = total  # every household came
    channel, count = round_count(kind=kind, total=total, present=present, meeting=meeting, ballots=ballots)
    _, alone = round_count(kind=kind, total=total, present=present, meeting=meeting, ballots=other[3])
    assert channel == "meeting"
    assert count.by_option == {k: v for k, v in meeting.items() if v}
    out = decide(kind=kind, commune_wide=False, hamlets={"T": count}, approve_key="agree")
    assert out == decide(kind=kind, commune_wide=False, hamlets={"T": alone}, approve_key="agree")
    assert (out.result == "adopted") == (
        meeting["agree"] * 3 >= total * 2 if threshold_for(kind) == "2/3" else meeting["agree"] * 2 > total)


@given(KINDS, hamlet_votes())
def test_after_a_meeting_that_could_not_decide_only_the_ballot_round_counts(kind, votes):
    total, present, meeting, ballots = votes
    channel, count = round_count(kind=kind, total=total, present=present, meeting=meeting, ballots=ballots)
    if meeting_decides(kind, present, total):
        assert channel == "meeting"
    else:
        # Never meeting + ballots: a separate round over all households.
        assert channel == "paper"
        assert count.participated == ballots["agree"] + ballots["disagree"]
        assert count.by_option.get("agree", 0) == ballots["agree"]


@given(KINDS, st.integers(1, 500), st.data())
def test_the_meeting_decides_exactly_when_enough_households_attend(kind, total, data):
    present = data.draw(st.integers(0, total))
    need = -(-2 * total // 3) if threshold_for(kind) == "2/3" else total // 2 + 1
    assert meeting_decides(kind, present, total) == (present >= need)


# --- the services ------------------------------------------------------------------------------------


@pytest.fixture
def hamlet(tree):
    return tree["a1"]


@pytest.fixture
def head(hamlet):
    return hamlet_head(hamlet)


@pytest.fixture
def clerk(hamlet):
    return hamlet_head(hamlet, username="clerk-a1")


@pytest.mark.parametrize("kind", [Kind.CONVENTION, Kind.HAMLET_HEAD])
def test_ballots_of_absent_households_are_refused_after_a_quorate_meeting(tree, hamlet, head, clerk, chair_a, kind):
    # 10 households, 8 present, 4 for and 4 against at the meeting; 2 absent households would vote yes.
    hs = households(hamlet, 10)
    by = chair_a if kind == Kind.HAMLET_HEAD else head
    m = matter(by, hamlet, kind=kind, form=Form.MEETING_BALLOT)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:8]])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" if i < 4 else "disagree"
                                                          for i, h in enumerate(hs[:8])})
    before = snapshot(TaskCounter())
    for h in hs[8:]:
        with pytest.raises(DomainError) as exc:
            services.paper_enter(actor=head, matter=m, household_code=h.code, choice="agree")
        assert exc.value.code == "ballot_round_not_allowed"
    assert snapshot(TaskCounter()) == before
    m = services.matter_close(actor=head, matter=m)
    assert m.result == Result.NOT_ADOPTED
    assert m.counts["by_option"] == {"agree": 4, "disagree": 4}


def test_after_a_meeting_without_quorum_the_ballot_round_alone_decides(hamlet, head, clerk):
    hs = households(hamlet, 10)
    m = matter(head, hamlet, kind=Kind.CONVENTION, form=Form.MEETING_BALLOT)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:5]])  # 5 of 10: not > 50%
    before = snapshot(TaskCounter())
    with pytest.raises(DomainError) as exc:
        services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs[:5]})
    assert exc.value.code == "meeting_cannot_decide"
    assert snapshot(TaskCounter()) == before
    # Every household, those who came included, gets a ballot: 6 of 10 agree.
    for i, h in enumerate(hs):
        choice = "agree" if i < 6 else "disagree"
        services.paper_enter(actor=head, matter=m, household_code=h.code, choice=choice)
        services.paper_enter(actor=clerk, matter=m, household_code=h.code, choice=choice)
    # The round has begun: the meeting's attendance can no longer be raised to a quorum.
    before = snapshot(TaskCounter())
    with pytest.raises(DomainError) as exc:
        services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:8]])
    assert exc.value.code == "ballot_round_started"
    assert snapshot(TaskCounter()) == before
    m = services.matter_close(actor=head, matter=m)
    assert m.result == Result.ADOPTED
    assert m.counts["by_option"] == {"agree": 6, "disagree": 4}
    assert m.counts["by_channel"] == {"paper": 10}


class _Rollback(Exception):
    pass


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from([Kind.CONVENTION, Kind.CONTRIBUTION, Kind.OTHER]), total=st.integers(1, 7), data=st.data())
def test_a_ballot_is_refused_exactly_when_the_meeting_could_decide(tree, kind, total, data):
    present = data.draw(st.integers(0, total))
    ballot = data.draw(st.integers(0, total - 1))  # any household, present or not
    try:
        with transaction.atomic():
            head = hamlet_head(tree["a1"], username="head-prop")
            hs = households(tree["a1"], total, prefix="P")
            m = matter(head, tree["a1"], kind=kind, form=Form.MEETING_BALLOT)
            services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:present]])
            before = snapshot(TaskCounter())
            if meeting_decides(kind, present, total):
                with pytest.raises(DomainError) as exc:
                    services.paper_enter(actor=head, matter=m, household_code=hs[ballot].code, choice="agree")
                assert exc.value.code == "ballot_round_not_allowed"
                assert snapshot(TaskCounter()) == before
            else:
                assert services.paper_enter(actor=head, matter=m, household_code=hs[ballot].code,
                                            choice="agree") == "first"
            raise _Rollback
    except _Rollback:
        pass


def test_no_ballot_before_the_meeting_has_begun(hamlet, head):
    hs = households(hamlet, 4)
    m = matter(head, hamlet, kind=Kind.CONVENTION, form=Form.MEETING_BALLOT,
               meeting_at=timezone.now() + dt.timedelta(days=2))
    before = snapshot(TaskCounter())
    with pytest.raises(DomainError) as exc:
        services.paper_enter(actor=head, matter=m, household_code=hs[0].code, choice="agree")
    assert exc.value.code == "ballot_round_not_allowed"
    assert snapshot(TaskCounter()) == before
    Matter.objects.filter(pk=m.pk).update(meeting_at=timezone.now() - dt.timedelta(hours=2))
    assert services.paper_enter(actor=head, matter=m, household_code=hs[0].code, choice="agree") == "first"


def test_the_meeting_page_offers_ballots_only_after_a_meeting_that_could_not_decide(client, hamlet, head):
    from django.urls import reverse

    hs = households(hamlet, 10)
    m = matter(head, hamlet, kind=Kind.CONVENTION, form=Form.MEETING_BALLOT)
    client.force_login(head)
    url = reverse("decisions:meeting", args=[m.pk])
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:8]])
    page = client.get(url).content.decode()
    assert 'id="paper"' not in page and "quyết định tại cuộc họp; không phát phiếu" in page
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs[:5]])  # 5 of 10
    page = client.get(url).content.decode()
    assert 'id="paper"' in page and 'id="ballot-round"' not in page
    Matter.objects.filter(pk=m.pk).update(meeting_at=timezone.now() + dt.timedelta(days=2))
    page = client.get(url).content.decode()
    assert 'id="paper"' not in page and "chỉ được phát sau khi cuộc họp diễn ra" in page
