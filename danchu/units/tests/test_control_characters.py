"""A name holding a control character (U+0013 pasted from another program, NUL) is refused when typed
and rejected row by row when imported: no DOCX/XLSX report could hold it, and PostgreSQL refuses NUL
(core.inputs). Pages and the API never reach the service with one (core.middleware); a file does."""

import pytest

from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent
from danchu.units.models import Household, HouseholdImport, Organization, Resident, Unit
from danchu.units.services.hamlets import hamlet_create, hamlet_rename, hamlets_import
from danchu.units.services.households import households_import
from danchu.units.services.organizations import organization_create

HEADER = ["Mã hộ", "Họ và tên", "Số CCCD", "Năm sinh", "Số điện thoại", "Địa chỉ", "Đại diện hộ"]


def _state():
    return (Unit.objects.count(), Organization.objects.count(), Household.objects.count(), Resident.objects.count(),
            AuditEvent.objects.count())


@pytest.mark.parametrize("name", ["Đồng\x13 Quê", "\x00Phú Đa", "Bến\x1bĐò", "Thôn\x7f\x08"])
def test_a_hamlet_name_with_a_control_character_is_refused(tree, officer_a, name):
    before = _state()
    with pytest.raises(DomainError) as err:
        hamlet_create(actor=officer_a, commune=tree["a"], name=name)
    assert err.value.code == "hamlet_name_invalid" and "ký tự điều khiển" in err.value.message
    with pytest.raises(DomainError):
        hamlet_rename(actor=officer_a, hamlet=tree["a1"], name=name)
    assert _state() == before
    tree["a1"].refresh_from_db()
    assert tree["a1"].name == "Thôn Đồng Quê"


def test_spaces_tabs_and_line_breaks_are_only_spaces(tree, officer_a):
    h = hamlet_create(actor=officer_a, commune=tree["a"], name="Phú\tĐa\n")
    assert h.name == "Thôn Phú Đa"


def test_a_hamlet_import_rejects_the_row(tree, officer_a):
    # A CSV carries the character as such (an XLSX cannot: XML 1.0 has no way to write U+0013).
    data = "Tên thôn,Loại\nPhú\x13 Đa,thôn\nBến Đò,thôn\n".encode()
    report = hamlets_import(actor=officer_a, commune=tree["a"], file_bytes=data, filename="thon.csv")
    assert [h.name for h in report.created] == ["Thôn Bến Đò"]
    assert [(e["row"], e["code"]) for e in report.rejected] == [(2, "hamlet_name_invalid")]
    assert not Unit.objects.filter(name__contains="\x13").exists()


def test_a_household_import_rejects_the_row(tree, officer_a):
    data = "\r\n".join([",".join(HEADER), "H001,Nguyễn\x13 Văn An,,1980,,Xóm Giữa,x", "H002,Lê Thị Dung,,1975,,Xóm\x02 Đình,x",
                        "H\x01003,Trần Bình,,1990,,,x", "H004,Phạm Văn Tư,,1970,,Xóm Đình,x"]).encode()
    imp = households_import(actor=officer_a, hamlet=tree["a1"], file_bytes=data, filename="ho.csv")
    assert sorted((e["row"], e["code"]) for e in imp.rejected) == [
        (2, "full_name_invalid"), (3, "address_invalid"), (4, "household_code_invalid")]
    assert list(Household.objects.values_list("code", flat=True)) == ["H004"]
    stored = HouseholdImport.objects.get(pk=imp.pk)  # the report echoes the values, without the characters
    assert [e["value"] for e in stored.rejected] == ["Nguyễn Văn An", "Xóm Đình", "H003"]


def test_an_organization_name_with_a_control_character_is_refused(tree, officer_a):
    before = _state()
    with pytest.raises(DomainError) as err:
        organization_create(actor=officer_a, unit=tree["a"], kind="enterprise", name="Công ty\x13 May")
    assert err.value.code == "organization_name_invalid"
    assert _state() == before
