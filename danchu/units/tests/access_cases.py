"""Matrix cases (core/tests/matrix.py): valid arguments for each declared units service and selector."""

import datetime as dt

from danchu.core.tests.matrix import case, variant
from danchu.units import selectors  # noqa: F401 — registers the declared selectors
from danchu.units.models import Household, HouseholdImport, Resident
from danchu.units.services import hamlets, households, organizations  # noqa: F401 — registers the services

CSV_HAMLETS = "Tên thôn\nPhú Đa\n".encode()
CSV_HOUSEHOLDS = "Mã hộ,Họ và tên,Số CCCD,Đại diện hộ\nH900,Nguyễn Văn Ma,001080099901,x\n".encode()


def _household(hamlet, code="H100") -> Household:
    from danchu.units.tests.factories import HouseholdFactory

    return HouseholdFactory(hamlet=hamlet, code=code)


def _resident(household) -> Resident:
    from danchu.units.tests.factories import ResidentFactory

    return ResidentFactory(household=household)


def _import(hamlet) -> HouseholdImport:
    return HouseholdImport.objects.create(hamlet=hamlet, filename="so-ho.csv", rows_total=1)


# --- hamlets: the commune's (HAMLET_MANAGE on the commune) -----------------------------------------


@case("units.hamlet_create")
def hamlet_create(w):
    return variant(w.a, commune=w.a, name="Phú Đa")


@case("units.hamlet_rename")
def hamlet_rename(w):
    return [variant(w.a, hamlet=w.a1, name="Đồng Quê Mới"),
            variant(w.a, label="the other hamlet", hamlet=w.a2, name="An Nội Mới", division_type="tổ dân phố")]


@case("units.hamlet_close")
def hamlet_close(w):
    return [variant(w.a, hamlet=w.a2, on=dt.date(2026, 5, 1), successor=w.a1),
            variant(w.a, label="without successor", hamlet=w.a1, on=dt.date(2026, 5, 1))]


@case("units.hamlets_import")
def hamlets_import(w):
    return variant(w.a, commune=w.a, file_bytes=CSV_HAMLETS, filename="thon.csv")


# --- organizations: the commune keeps the register ----------------------------------------------


@case("units.organization_create")
def organization_create(w):
    return [variant(w.a, unit=w.a, kind="public_service_unit", name="Trạm Y tế xã"),
            variant(w.a1, label="in a hamlet", unit=w.a1, kind="enterprise", name="Hợp tác xã Nông nghiệp")]


@case("units.organization_update")
def organization_update(w):
    # ORGANIZATION_MANAGE is one of UNIT_REACHES_ORGANIZATION: the commune's officer changes the
    # register entry; no role granted on an organization holds the action.
    return [variant(w.org, by=w.officer_a, organization=w.org, name="Công ty Ma Trận Mới"),
            variant(w.org2, label="agency", by=w.chair_a, organization=w.org2, is_active=False)]


# --- households and residents (HOUSEHOLD_MANAGE / HOUSEHOLD_VIEW on the hamlet) ---------------------


@case("units.household_create")
def household_create(w):
    return [variant(w.a1, hamlet=w.a1, code="H1", address="Xóm Giữa"),
            variant(w.a2, label="the other hamlet", hamlet=w.a2, code="H2")]


@case("units.resident_add")
def resident_add(w):
    return [variant(w.a1, household=_household(w.a1), full_name="Trần Văn Mới", identity_number="001090000123"),
            variant(w.a2, label="as representative", household=_household(w.a2), full_name="Lê Thị Mới",
                    is_representative=True)]


@case("units.household_set_representative")
def household_set_representative(w):
    h = _household(w.a1)
    return variant(w.a1, household=h, resident=_resident(h))


@case("units.households_import")
def households_import(w):
    return [variant(w.a1, hamlet=w.a1, file_bytes=CSV_HOUSEHOLDS, filename="so-ho.csv"),
            variant(w.a2, label="the other hamlet", hamlet=w.a2, file_bytes=CSV_HOUSEHOLDS, filename="so-ho.csv")]


@case("units.household_list")
def household_list(w):
    _resident(_household(w.a1))
    return [variant(w.a, unit=w.a), variant(w.a1, label="hamlet", unit=w.a1)]


@case("units.household_get")
def household_get(w):
    h = _household(w.a1)
    _resident(h)
    return variant(w.a1, pk=h.pk)


@case("units.household_import_get")
def household_import_get(w):
    imp = _import(w.a1)
    return [variant(w.a, unit=w.a, import_id=imp.pk), variant(w.a1, label="hamlet", unit=w.a1, import_id=imp.pk)]


@case("units.household_imports_recent")
def household_imports_recent(w):
    _import(w.a1)
    return [variant(w.a, unit=w.a), variant(w.a1, label="hamlet", unit=w.a1)]
