"""The official list import: counts, idempotence, the old → new mapping, diacritic-insensitive search.

One module-scoped import (≈2 s) serves every test here.
"""

import pytest
from django.db.models import Count

from danchu.core.models import AuditEvent
from danchu.core.text import fold
from danchu.units.models import LEGACY_PREFIX, Level, Unit, UnitSuccession
from danchu.units.selectors import current_q, unit_search, unit_subtree, unit_successors
from danchu.units.services.official import official_units_import


@pytest.fixture(scope="module")
def official(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = official_units_import()
    yield report
    with django_db_blocker.unblock():
        AuditEvent.objects.filter(action="units.official_import").delete()
        UnitSuccession.objects.all().delete()
        # children before parents (PROTECT)
        for level in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
            Unit.objects.filter(level=level).delete()


@pytest.fixture
def units(official, db):
    return official


def test_current_list_has_34_provinces_and_3321_communes(units):
    current = Unit.objects.filter(valid_to__isnull=True)
    assert current.filter(level=Level.PROVINCE).count() == 34
    assert current.filter(level=Level.COMMUNE).count() == 3321
    by_type = dict(
        current.filter(level=Level.COMMUNE).values_list("division_type").annotate(n=Count("id"))
    )
    # 2,621 communes, 687 wards, 13 special zones.
    assert by_type == {"xã": 2621, "phường": 687, "đặc khu": 13}


def test_legacy_list_and_full_mapping(units):
    former = Unit.objects.filter(valid_to__isnull=False)
    assert former.filter(level=Level.PROVINCE).count() == 63
    assert former.filter(level=Level.DISTRICT).count() == 696
    assert former.filter(level=Level.COMMUNE).count() == 10035
    assert units.legacy_communes_mapped == units.legacy_communes
    assert units.legacy_districts_mapped == units.legacy_districts
    assert units.legacy_provinces_mapped == units.legacy_provinces
    assert not Unit.objects.filter(level=Level.DISTRICT, valid_to__isnull=True).exists()


def test_reimport_changes_nothing(units):
    before = (Unit.objects.count(), UnitSuccession.objects.count())
    again = official_units_import()
    assert (again.created, again.updated, again.successions_created, again.successions_updated) == (0, 0, 0, 0)
    assert (Unit.objects.count(), UnitSuccession.objects.count()) == before


def test_cross_check_with_vietnam_provinces_package(units):
    """Cross-check against a second maintained package (vietnam-provinces, test-only dependency).

    Both list 3,321 communes in the same 34 provinces. vietnam-provinces 2025.10.1 says it
    follows the statistics office's *draft* codes, and 114 of its codes differ from the
    final list we import; for every code both packages share, the names agree.
    """
    vp = pytest.importorskip("vietnam_provinces")
    ours = dict(Unit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).values_list("code", "name"))
    theirs = {f"{int(w.code):05d}": w.name for w in vp.Ward.iter_all()}
    assert len(ours) == len(theirs) == 3321
    shared = ours.keys() & theirs.keys()
    assert len(shared) >= 3207
    assert len([c for c in shared if fold(ours[c]) != fold(theirs[c])]) <= 9
    provinces = set(Unit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).values_list("code", flat=True))
    assert provinces == {f"{int(p.code):02d}" for p in vp.Province.iter_all()}


def test_subtree_is_one_prefix_query(units, django_assert_num_queries):
    hanoi = Unit.objects.get(code="01")
    with django_assert_num_queries(1):
        n = unit_subtree(unit=hanoi, include_self=False).count()
    assert n == Unit.objects.filter(parent=hanoi).count() == 126  # Hà Nội 126 units


@pytest.mark.parametrize("query", ["binh luc", "Bình Lục", "BINH LUC", "bình  lục", "BÌNH LỤC"])
def test_search_ignores_diacritics_and_case(units, query):
    codes = list(unit_search(q=query).values_list("code", flat=True)[:3])
    assert codes[0] == "13504"  # Xã Bình Lục (Ninh Bình), exact name first
    assert "L352" in list(unit_search(q=query).values_list("code", flat=True)[:10])  # the former district


def test_search_folds_d_stroke(units):
    assert unit_search(q="dak lak", level=Level.PROVINCE, include_former=False).first().code == "66"


def test_former_district_is_found_by_old_name_with_its_successors(units):
    district = unit_search(q="binh luc", level=Level.DISTRICT).first()
    assert district.code == f"{LEGACY_PREFIX}352" and district.is_former
    assert district.parent.name == "Tỉnh Hà Nam"
    names = {u.name for u in unit_successors(unit=district)}
    assert "Xã Bình Lục" in names
    assert all(u.is_current for u in unit_successors(unit=district))


def test_merged_province_points_to_new_province(units):
    ha_nam = Unit.objects.get(code=f"{LEGACY_PREFIX}35")
    assert ha_nam.name == "Tỉnh Hà Nam" and ha_nam.is_former
    assert [u.name for u in unit_successors(unit=ha_nam)] == ["Tỉnh Ninh Bình"]


def test_divided_commune_has_one_primary_successor(units):
    divided = (
        UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE)
        .values("predecessor").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert divided.exists()
    for row in divided[:50]:
        primaries = UnitSuccession.objects.filter(predecessor_id=row["predecessor"], is_primary=True).count()
        assert primaries == 1


@pytest.mark.parametrize("level", [Level.PROVINCE, Level.COMMUNE])
def test_api_lists_todays_units_by_default(units, client, level):
    """After the 2025 reorganisation the list answers today's provinces and communes, not the former ones too."""
    current = Unit.objects.filter(current_q(), level=level).count()
    assert Unit.objects.filter(level=level).count() > current
    assert client.get("/api/v1/units", {"level": level}).json()["count"] == current
    everything = client.get("/api/v1/units", {"level": level, "include_former": "true"}).json()
    assert everything["count"] == Unit.objects.filter(level=level).count()


def test_api_search_finds_the_former_district_with_its_successors(units, client):
    items = client.get("/api/v1/units", {"q": "binh luc", "level": Level.DISTRICT}).json()["items"]
    district = next(i for i in items if i["code"] == f"{LEGACY_PREFIX}352")
    assert district["is_former"] is True
    assert "Xã Bình Lục" in {s["name"] for s in district["successors"]}
