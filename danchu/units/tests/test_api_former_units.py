"""GET /api/v1/units lists today's units unless asked for former ones or a name search finds them."""

import datetime as dt

import pytest

from danchu.units.models import Level, Unit, UnitSuccession
from danchu.units.selectors import current_q

from .factories import commune, province

pytestmark = pytest.mark.django_db

FORMER = {"valid_from": dt.date(2008, 8, 1), "valid_to": dt.date(2025, 6, 30)}


@pytest.fixture
def merged(tree):
    """A former province and two former communes merged into today's province and commune A."""
    old_province = province(code="L09", name="Tỉnh Cũ Hà Nam", **FORMER)
    UnitSuccession.objects.create(predecessor=old_province, successor=tree["province"])
    old_communes = [commune(old_province, code=f"L9{i}", name=f"Xã Cũ Số {i}", **FORMER) for i in range(2)]
    for old in old_communes:
        UnitSuccession.objects.create(predecessor=old, successor=tree["a"])
    return {"province": old_province, "communes": old_communes}


def _listed(client, **params):
    r = client.get("/api/v1/units", {"page_size": 100, **params})
    assert r.status_code == 200, r.content
    return r.json()


@pytest.mark.parametrize("level", [Level.PROVINCE, Level.COMMUNE])
def test_default_lists_only_current_units(client, merged, level):
    body = _listed(client, level=level)
    current = Unit.objects.filter(current_q(), level=level)
    assert Unit.objects.filter(level=level).count() > current.count()  # the fixture holds former ones
    assert body["count"] == current.count()
    assert {i["code"] for i in body["items"]} == set(current.values_list("code", flat=True))
    assert not any(i["is_former"] for i in body["items"])


def test_default_without_level_lists_only_current_units(client, merged):
    body = _listed(client)
    assert body["count"] == Unit.objects.filter(current_q()).count()


def test_parent_filter_lists_only_current_children_by_default(client, merged):
    assert _listed(client, parent="L09")["count"] == 0
    assert {i["code"] for i in _listed(client, parent="L09", include_former="true")["items"]} == {"L90", "L91"}


def test_include_former_true_lists_former_units_with_successors(client, merged):
    body = _listed(client, level=Level.COMMUNE, include_former="true")
    assert body["count"] == Unit.objects.filter(level=Level.COMMUNE).count()
    items = {i["code"]: i for i in body["items"]}
    assert items["L90"]["is_former"] is True
    assert items["L90"]["successors"] == [{"code": "T0A", "name": "Xã Bình Lục"}]
    assert items["T0A"]["is_former"] is False and items["T0A"]["successors"] == []


def test_a_name_search_finds_former_units_marked_former(client, merged):
    body = _listed(client, q="ha nam")
    assert [i["code"] for i in body["items"]] == ["L09"]
    assert body["items"][0]["is_former"] is True
    assert body["items"][0]["successors"] == [{"code": "T01", "name": "Tỉnh Thử Nghiệm"}]
    # Current units come before former ones in a search.
    both = _listed(client, q="xa", level=Level.COMMUNE)
    assert [i["is_former"] for i in both["items"]] == [False, False, True, True]


def test_a_name_search_can_still_hide_former_units(client, merged):
    assert _listed(client, q="ha nam", include_former="false")["count"] == 0


def test_a_blank_search_is_no_search(client, merged):
    assert _listed(client, q="   ")["count"] == Unit.objects.filter(current_q()).count()


@pytest.mark.parametrize("value", ["maybe", "2", "%00"])
def test_a_bad_include_former_is_refused_not_a_500(client, merged, value):
    r = client.get(f"/api/v1/units?include_former={value}")
    assert r.status_code in (400, 422)
    assert r.json()["code"] in ("invalid_input", "invalid_characters")
