"""Hamlets of a commune: create, rename, close (merge), import; permissions and former communes."""

import datetime as dt
import io

import openpyxl
import pytest

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.core.registry import _FACT_HANDLERS
from danchu.core.tests import matrix
from danchu.units.models import Level, Unit, UnitSuccession
from danchu.units.selectors import unit_search
from danchu.units.services.hamlets import (
    OPEN_VOTES_QUERY,
    hamlet_close,
    hamlet_create,
    hamlet_rename,
    hamlets_import,
)
from danchu.units.tests.factories import commune


def test_create_builds_code_path_and_search_name(tree, officer_a):
    # given commune A with hamlets T0A-01 and T0A-02
    # when
    h = hamlet_create(actor=officer_a, commune=tree["a"], name="  Phú   Đa ")
    # then
    assert (h.code, h.path, h.depth, h.level) == ("T0A-03", "/T01/T0A/T0A-03/", 3, Level.HAMLET)
    assert (h.name, h.short_name, h.division_type, h.is_official) == ("Thôn Phú Đa", "Phú Đa", "thôn", False)
    assert (h.parent, h.province_code) == (tree["a"], "T01")
    assert list(unit_search(q="phu da")) == [h]
    event = AuditEvent.objects.get(action="units.hamlet_create")
    assert (event.actor_id, event.object_id, event.unit_path) == (officer_a.pk, str(h.pk), h.path)


@pytest.mark.parametrize(("_case", "name", "kind", "expected"), [
    ("type in the name wins", "Ấp Tân Hòa", "thôn", ("Ấp Tân Hòa", "Tân Hòa", "ấp")),
    ("numbered group", "5", "Tổ dân phố", ("Tổ dân phố 5", "5", "tổ dân phố")),
    ("type without diacritics", "Khu pho 2", "thôn", ("Khu phố 2", "2", "khu phố")),
    ("kind typed without diacritics", "Nà Hẩu", "ban", ("Bản Nà Hẩu", "Nà Hẩu", "bản")),
])
def test_create_names_and_kinds(tree, officer_a, _case, name, kind, expected):
    h = hamlet_create(actor=officer_a, commune=tree["a"], name=name, division_type=kind)
    assert (h.name, h.short_name, h.division_type) == expected


@pytest.mark.parametrize(("_case", "name", "kind", "code"), [
    ("empty name", "   ", "thôn", "hamlet_name_required"),
    ("duplicate, other spelling", "thon dong que", "thôn", "hamlet_name_duplicate"),
    ("duplicate, short name", "Đồng Quê", "thôn", "hamlet_name_duplicate"),
    ("kind not in Art. 2", "Mới", "xóm", "hamlet_type_invalid"),
])
def test_create_refuses_bad_input_and_writes_nothing(tree, officer_a, _case, name, kind, code):
    before = (Unit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as exc:
        hamlet_create(actor=officer_a, commune=tree["a"], name=name, division_type=kind)
    assert exc.value.code == code
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_same_name_allowed_in_another_commune(tree, officer_a):
    from danchu.accounts.tests.factories import grant
    from danchu.core.roles import Role

    grant(officer_a, Role.COMMUNE_OFFICER, unit=tree["b"])
    h = hamlet_create(actor=officer_a, commune=tree["b"], name="Đồng Quê")
    assert h.code == "T0B-02"


def test_create_refuses_former_commune_and_non_commune_parent(tree):
    from danchu.accounts.tests.factories import UserFactory

    operator = UserFactory(is_superuser=True)  # reaches every unit (core.access), so the rules below speak
    former = commune(tree["province"], code="LT0C", name="Xã Cũ", valid_to=dt.date(2025, 6, 30))
    with pytest.raises(DomainError) as exc:
        hamlet_create(actor=operator, commune=former, name="Một")
    assert exc.value.code == "commune_former"
    for parent in (tree["province"], tree["a1"]):
        with pytest.raises(DomainError) as exc:
            hamlet_create(actor=operator, commune=parent, name="Một")
        assert exc.value.code == "hamlet_parent_not_commune"


def test_codes_are_never_reused_after_a_close(tree, officer_a):
    hamlet_close(actor=officer_a, hamlet=tree["a2"], on=dt.date(2026, 5, 1), successor=tree["a1"])
    h = hamlet_create(actor=officer_a, commune=tree["a"], name="An Nội")  # the closed one's name is free again
    assert h.code == "T0A-03"


@pytest.mark.parametrize("who", ["officer_b", "citizen"])
def test_create_outside_scope_is_not_found(tree, request, who):
    actor = request.getfixturevalue(who)
    before = (Unit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(NotFound):
        hamlet_create(actor=actor, commune=tree["a"], name="Lạ")
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_in_scope_without_the_right_is_refused(tree):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    front = UserFactory()
    grant(front, Role.FRONT_OFFICER, unit=tree["a"])  # sees the commune, does not manage its hamlets
    before = (Unit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        hamlet_create(actor=front, commune=tree["a"], name="Lạ")
    with pytest.raises(PermissionDenied):
        hamlet_rename(actor=front, hamlet=tree["a1"], name="Lạ")
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_a_hamlet_is_managed_from_its_commune(tree):
    """The rule of a hamlet applies on its commune: a grant on one hamlet does not reach the other
    one that a close would merge it into."""
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    admin_of_a2 = UserFactory()
    grant(admin_of_a2, Role.ADMIN, unit=tree["a2"])
    with pytest.raises(NotFound):
        hamlet_close(actor=admin_of_a2, hamlet=tree["a2"], on=dt.date(2026, 5, 1), successor=tree["a1"])
    tree["a2"].refresh_from_db()
    assert tree["a2"].valid_to is None and not UnitSuccession.objects.exists()


def test_rename(tree, chair_a):
    h = hamlet_rename(actor=chair_a, hamlet=tree["a1"], name="Đồng Quê Mới")
    assert (h.name, h.short_name, h.code, h.path) == ("Thôn Đồng Quê Mới", "Đồng Quê Mới", "T0A-01", "/T01/T0A/T0A-01/")
    assert "dong que moi" in h.search_name
    event = AuditEvent.objects.get(action="units.hamlet_rename")
    assert event.extra == {"old_name": "Thôn Đồng Quê", "name": "Thôn Đồng Quê Mới"}


def test_rename_to_the_same_name_writes_no_audit_and_duplicate_is_refused(tree, officer_a):
    hamlet_rename(actor=officer_a, hamlet=tree["a1"], name="Thôn Đồng Quê")
    assert not AuditEvent.objects.filter(action="units.hamlet_rename").exists()
    with pytest.raises(DomainError) as exc:
        hamlet_rename(actor=officer_a, hamlet=tree["a1"], name="an noi")
    assert exc.value.code == "hamlet_name_duplicate"
    tree["a1"].refresh_from_db()
    assert tree["a1"].name == "Thôn Đồng Quê"


def test_rename_refused_for_other_commune_and_for_a_commune(tree, officer_b, officer_a):
    with pytest.raises(NotFound):
        hamlet_rename(actor=officer_b, hamlet=tree["a1"], name="Khác")
    with pytest.raises(DomainError) as exc:
        hamlet_rename(actor=officer_a, hamlet=tree["a"], name="Khác")
    assert exc.value.code == "not_hamlet"


def test_close_sets_valid_to_and_succession(tree, officer_a):
    h = hamlet_close(actor=officer_a, hamlet=tree["a2"], on=dt.date(2026, 5, 1), successor=tree["a1"])
    assert h.valid_to == dt.date(2026, 4, 30)
    link = UnitSuccession.objects.get(predecessor=tree["a2"])
    assert (link.successor, link.effective_on, link.is_primary) == (tree["a1"], dt.date(2026, 5, 1), True)
    with pytest.raises(DomainError) as exc:
        hamlet_close(actor=officer_a, hamlet=tree["a2"], on=dt.date(2026, 6, 1))
    assert exc.value.code == "hamlet_closed"


@pytest.mark.parametrize(("_case", "successor_key"), [
    ("itself", "a2"),
    ("another commune's hamlet", "b1"),
    ("a commune", "a"),
])
def test_close_refuses_bad_successor(tree, officer_a, _case, successor_key):
    with pytest.raises(DomainError) as exc:
        hamlet_close(actor=officer_a, hamlet=tree["a2"], on=dt.date(2026, 5, 1), successor=tree[successor_key])
    assert exc.value.code == "hamlet_successor_invalid"
    tree["a2"].refresh_from_db()
    assert tree["a2"].valid_to is None and not UnitSuccession.objects.exists()


def test_close_asks_for_open_votes_and_waits_for_them(tree, officer_a, monkeypatch):
    """Units asks (core.registry, never an import) whether the hamlet or its successor still has a vote
    open; while one is, the closing is refused with nothing changed (Law 10/2022 Arts. 15, 17)."""
    asked = []

    def open_votes(*, hamlets):
        asked.append({h.code for h in hamlets if h is not None})
        return [{"id": 7, "title": "Làm đường liên xóm"}]

    monkeypatch.setitem(_FACT_HANDLERS, OPEN_VOTES_QUERY, [open_votes])
    tasks = matrix.TaskCounter()
    before = matrix.snapshot(tasks)
    with pytest.raises(DomainError) as exc:
        hamlet_close(actor=officer_a, hamlet=tree["a2"], on=dt.date(2026, 5, 1), successor=tree["a1"])
    assert exc.value.code == "hamlet_has_open_vote" and "Làm đường liên xóm" in exc.value.message
    assert matrix.changes(before, matrix.snapshot(tasks)) == []
    assert asked == [{tree["a1"].code, tree["a2"].code}]
    monkeypatch.setitem(_FACT_HANDLERS, OPEN_VOTES_QUERY, [lambda *, hamlets: []])
    assert hamlet_close(actor=officer_a, hamlet=tree["a2"], on=dt.date(2026, 5, 1)).valid_to == dt.date(2026, 4, 30)


# --- import ------------------------------------------------------------------------------------
def test_import_csv_with_header_is_idempotent(tree, officer_a):
    data = "Tên thôn,Loại\nPhú Đa,\nTổ dân phố 7,\nĐồng Quê,thôn\nBến Đò,xóm\nPhú Đa,thôn\n".encode()
    report = hamlets_import(actor=officer_a, commune=tree["a"], file_bytes=data, filename="thon.csv")
    assert [h.name for h in report.created] == ["Thôn Phú Đa", "Tổ dân phố 7"]
    assert [h.code for h in report.created] == ["T0A-03", "T0A-04"]
    assert report.unchanged == 1
    assert [(e["row"], e["column"], e["code"]) for e in report.rejected] == [
        (5, "Loại", "hamlet_type_invalid"), (6, "Tên thôn", "hamlet_name_duplicate_in_file")]
    again = hamlets_import(actor=officer_a, commune=tree["a"], file_bytes=data, filename="thon.csv")
    assert (again.created, again.unchanged) == ([], 3)


def test_import_xlsx_without_header(tree, officer_a):
    wb = openpyxl.Workbook()
    wb.active.append(["Ấp Mỹ Phước"])
    wb.active.append(["Bình Yên", "ấp"])
    buf = io.BytesIO()
    wb.save(buf)
    report = hamlets_import(actor=officer_a, commune=tree["a"], file_bytes=buf.getvalue(), filename="thon.xlsx")
    assert [(h.name, h.division_type) for h in report.created] == [("Ấp Mỹ Phước", "ấp"), ("Ấp Bình Yên", "ấp")]


def test_import_refused_outside_scope_and_for_unreadable_file(tree, officer_b, officer_a):
    before = (Unit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(NotFound):
        hamlets_import(actor=officer_b, commune=tree["a"], file_bytes=b"Ten\nMot\n", filename="t.csv")
    with pytest.raises(DomainError) as exc:
        hamlets_import(actor=officer_a, commune=tree["a"], file_bytes=b"", filename="t.csv")
    assert exc.value.code == "file_empty"
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_command_imports_hamlets(tree, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "thon.csv"
    path.write_text("Tên thôn,Loại\nBến Đò,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("hamlets", "import", str(path), "--commune", "T0A", stdout=out)
    assert "thêm mới 1, đã có 0, bị từ chối 0" in out.getvalue()
    assert Unit.objects.get(code="T0A-03").name == "Thôn Bến Đò"
