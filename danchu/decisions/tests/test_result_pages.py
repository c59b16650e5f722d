"""Result tables show every count as a number: an option no household chose reads "0", never blank
(public detail, officials' detail, meeting page); and the new-matter form offers only the kinds the
unit's level may put to its households — the rule `matter_create` applies (Law Art. 21)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danchu.core.errors import DomainError
from danchu.decisions import services
from danchu.decisions.models import Kind, Matter, kinds_for_level
from danchu.decisions.selectors import result_table

from .factories import hamlet_head, households, matter
from .test_access import Unchanged

pytestmark = pytest.mark.django_db


def _rows(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.fixture
def all_agree(tree):
    """Every household agrees: "Không đồng ý" and "Ý kiến khác" have no voice at all."""
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    m = matter(head, hamlet)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    return head, services.matter_close(actor=head, matter=m)


def test_zero_counts_read_0_on_the_public_and_officials_pages(client, all_agree):
    head, m = all_agree
    assert "disagree" not in m.counts["by_option"]  # the stored tally lists only the options chosen
    public = client.get(reverse("decisions:public_detail", args=[m.unit.code, m.pk])).content.decode()
    client.force_login(head)
    detail = client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
    for page in (public, detail):
        rows = _rows(page, "result-table")
        assert [r[1] for r in rows] == ["3", "0", "0"]
        assert rows[0][0].startswith("Đồng ý") and rows[1][0] == "Không đồng ý" and rows[2][0] == "Ý kiến khác"


def test_zero_counts_read_0_on_the_meeting_page(client, tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    households(hamlet, 2)
    m = matter(head, hamlet)
    client.force_login(head)
    page = client.get(reverse("decisions:meeting", args=[m.pk])).content.decode()
    assert "Có mặt 0/2 hộ · vắng 2 · đã biểu quyết 0" in page


def test_commune_wide_result_lists_every_hamlet_with_zeros(client, tree, officer_a):
    hs = households(tree["a1"], 2) + households(tree["a2"], 2)
    m = matter(officer_a, tree["a"], kind=Kind.CONTRIBUTION, hamlets=[tree["a1"], tree["a2"]])
    services.attendance_record(actor=officer_a, matter=m, present_codes=[h.code for h in hs[:2]])
    services.hands_record(actor=officer_a, matter=m, choices={h.code: "agree" for h in hs[:2]})
    m = services.matter_close(actor=officer_a, matter=m)
    public = client.get(reverse("decisions:public_detail", args=[tree["a"].code, m.pk])).content.decode()
    assert _rows(public, "result-hamlets") == [["Thôn Đồng Quê", "2", "2", "2", "Có"],
                                               ["Thôn An Nội", "2", "0", "0", "Không"]]


def test_result_table_of_an_older_tally_without_counts_is_all_zeros(all_agree):
    _, m = all_agree
    Matter.objects.filter(pk=m.pk).update(counts={})
    m.refresh_from_db()
    t = result_table(m)
    assert [o["count"] for o in t["options"]] == [0, 0, 0]
    assert (t["total"], t["participated"], t["present"]) == (0, 0, 0)


# --- the kinds each level may put -------------------------------------------------------------------


def _offered(html: str) -> list[str]:
    select = html.split('name="kind"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]+)"', select)


@pytest.mark.parametrize("level", ["hamlet", "commune"])
def test_new_matter_form_offers_exactly_the_kinds_the_service_accepts(client, tree, chair_a, level):
    # The commune chair, who may put every kind (a village head's election included, Decree 59 Art. 3(1)).
    officer_a = chair_a
    unit = tree["a1"] if level == "hamlet" else tree["a"]
    client.force_login(officer_a)
    offered = _offered(client.get(reverse("decisions:new", args=[unit.code])).content.decode())
    assert offered == list(kinds_for_level(level))
    for kind in Kind.values:
        data = services.MatterInput(kind=kind, title="Việc thử")
        hamlets = [tree["a1"], tree["a2"]] if level == "commune" else []
        if kind in offered:
            services.matter_create(actor=officer_a, unit=unit, hamlets=hamlets, data=data)
        else:
            with Unchanged(), pytest.raises(DomainError) as err:
                services.matter_create(actor=officer_a, unit=unit, hamlets=hamlets, data=data)
            assert err.value.code == "kind_needs_one_hamlet"


def test_commune_form_does_not_offer_hamlet_kinds_and_refuses_them_with_nothing_created(client, tree, officer_a):
    assert kinds_for_level("commune") == (Kind.CONTRIBUTION, Kind.FUNDS)
    assert set(kinds_for_level("hamlet")) == set(Kind.values)
    client.force_login(officer_a)
    url = reverse("decisions:new", args=[tree["a"].code])
    offered = _offered(client.get(url).content.decode())
    assert Kind.HAMLET_HEAD not in offered and Kind.CONVENTION not in offered
    with Unchanged():
        r = client.post(url, {"kind": Kind.HAMLET_HEAD, "title": "Bầu trưởng thôn", "options_kind": "yes_no",
                              "form": "meeting", "channel_rule": "in_person_first",
                              "hamlets": [str(tree["a1"].pk)]})
    assert r.status_code in (200, 400) and Matter.objects.count() == 0
