"""Hamlets (thôn, tổ dân phố, ấp, bản…) of a commune: entered or imported locally, renamed, closed.

No package lists hamlets, so communes enter them. A hamlet is a `Unit(level="hamlet")` under its
commune with code "<commune code>-NN" (never reused, even after a hamlet is closed), path
"<commune path><code>/", `is_official=False`.

Every service taking an `actor` declares its rule (core.access.guard): HAMLET_MANAGE on the
commune — a hamlet is its commune's to rename or close, so the rule of a hamlet applies on the
commune above it. Outside the actor's scope the answer is NotFound (404), inside it without the
right PermissionDenied (403), before anything else. The server's operator on the command line
(`danchu hamlets import` without `--as`) is not a person's call: `hamlets_import_as_system` takes
no actor at all (the audit row has no user).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from danchu.core.access import guard
from danchu.core.audit import audit
from danchu.core.errors import DomainError, from_validation_error
from danchu.core.inputs import has_control
from danchu.core.registry import announce
from danchu.core.roles import Action
from danchu.core.text import fold

from ..importers import as_text, cell, data_rows, find_header, header_key, read_table
from ..models import Level, Unit, UnitSuccession
from .common import child_path, unit_search_name

# Law 10/2022/QH15 Art. 2(2): a residential community lives in a village — thôn,
# làng, ấp, bản, buôn, bon, phum, sóc — or in an urban residential group — tổ dân phố, khu phố,
# khối phố, khóm, tiểu khu.
DIVISION_TYPES: tuple[str, ...] = (
    "thôn", "tổ dân phố", "ấp", "bản", "làng", "buôn", "bon", "phum", "sóc",
    "khu phố", "khối phố", "khóm", "tiểu khu",
)
_TYPE_BY_FOLDED = {fold(t): t for t in DIVISION_TYPES}
# Longest first, so "khu phố" is recognised before a shorter type that might prefix it.
_TYPES_LONGEST_FIRST = sorted(_TYPE_BY_FOLDED, key=len, reverse=True)
_SPACES = re.compile(r"\s+")
NAME_MAX = 150


def commune_of(args: dict):
    """The target of a rule on a hamlet (`on=` of the declarations below): the commune it belongs to.
    Anything that is not a hamlet is its own target (the service then refuses it as not a hamlet)."""
    unit = args.get("hamlet")
    if unit is not None and unit.level == Level.HAMLET and unit.parent_id is not None:
        return unit.parent
    return unit


def clean_text(value: str | None) -> str:
    """Trim and collapse spaces (names typed or pasted by hand)."""
    return _SPACES.sub(" ", value or "").strip()


def division_type_clean(value: str) -> str:
    """ "Tổ dân phố", "to dan pho" → "tổ dân phố"; anything not in Art. 2's list is refused."""
    found = _TYPE_BY_FOLDED.get(fold(value))
    if found is None:
        raise DomainError(
            "hamlet_type_invalid",
            "Loại thôn, tổ dân phố không hợp lệ. Chọn một trong: " + ", ".join(DIVISION_TYPES) + ".",
            message_en="Unknown kind of hamlet.",
            field="division_type",
        )
    return found


def _split_name(name: str, division_type: str) -> tuple[str, str, str]:
    """(full name, short name, type) from what the official typed.

    "Đồng Quê" + thôn → ("Thôn Đồng Quê", "Đồng Quê", "thôn"); "Ấp Tân Hòa" → type ấp from the
    name itself; "5" + tổ dân phố → ("Tổ dân phố 5", "5", "tổ dân phố").
    """
    folded = fold(name)
    for t in _TYPES_LONGEST_FIRST:
        if folded.startswith(t + " "):
            short = clean_text(name[len(t):])
            canonical = _TYPE_BY_FOLDED[t]
            return canonical.capitalize() + " " + short, short, canonical
    return division_type.capitalize() + " " + name, name, division_type


CONTROL_MESSAGE = "có ký tự điều khiển không hợp lệ (không gõ được từ bàn phím); hãy gõ lại."


def _check_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise DomainError("hamlet_name_required", "Chưa nhập tên thôn, tổ dân phố.",
                          message_en="The hamlet name is required.", field="name")
    if has_control(name, multiline=False):
        # A control character pasted from another program (U+0013…) is no part of a name, and no
        # DOCX/XLSX report could hold it (core.inputs).
        raise DomainError("hamlet_name_invalid", f"Tên thôn, tổ dân phố {CONTROL_MESSAGE}",
                          message_en="The name contains control characters.", field="name")
    if len(name) > NAME_MAX - 20:
        raise DomainError("hamlet_name_too_long", f"Tên quá dài (tối đa {NAME_MAX - 20} ký tự).",
                          message_en="The name is too long.", field="name")
    return name


def _check_commune(commune: Unit) -> None:
    if commune.level != Level.COMMUNE:
        raise DomainError("hamlet_parent_not_commune", "Thôn, tổ dân phố chỉ được tạo trong một xã, phường, đặc khu.",
                          message_en="Hamlets can only be created in a commune.", field="commune")
    if commune.is_former:
        raise DomainError(
            "commune_former",
            "Xã này không còn (đã sắp xếp từ 01/7/2025). Hãy tạo thôn ở xã kế thừa.",
            message_en="This commune no longer exists; use its successor.",
            field="commune",
        )


def _current_names(commune: Unit, exclude_pk: int | None = None) -> dict[str, Unit]:
    """Folded full names of the commune's current hamlets."""
    qs = Unit.objects.filter(parent=commune, level=Level.HAMLET).filter(valid_to__isnull=True)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return {fold(u.name): u for u in qs}


def _duplicate(name: str) -> DomainError:
    return DomainError("hamlet_name_duplicate", f"Xã đã có “{name}”.",
                       message_en="The commune already has a hamlet with this name.", field="name")


def _next_number(commune: Unit) -> int:
    """1 + the highest NN among codes "<commune>-NN" ever used (closed hamlets keep theirs)."""
    prefix = f"{commune.code}-"
    numbers = [int(c[len(prefix):]) for c in Unit.objects.filter(code__startswith=prefix).values_list("code", flat=True)
               if c[len(prefix):].isdigit()]
    return max(numbers, default=0) + 1


def _lock(unit: Unit) -> None:
    """Serialise writers on this unit (PostgreSQL row lock; SQLite already has one writer)."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()


def _build(commune: Unit, *, full: str, short: str, division_type: str, number: int) -> Unit:
    code = f"{commune.code}-{number:02d}"
    unit = Unit(
        code=code,
        name=full,
        short_name=short,
        division_type=division_type,
        level=Level.HAMLET,
        parent=commune,
        path=child_path(commune, code),
        depth=commune.depth + 1,
        province_code=commune.province_code,
        search_name=unit_search_name(full, short),
        is_official=False,
    )
    try:
        unit.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc, "hamlet_invalid") from exc
    return unit


@guard(Action.HAMLET_MANAGE, on="commune")
@transaction.atomic
def hamlet_create(*, actor, commune: Unit, name: str, division_type: str = "thôn") -> Unit:
    """Add a hamlet to a current commune; its name must be new among the commune's current hamlets."""
    _check_commune(commune)
    full, short, kind = _split_name(_check_name(name), division_type_clean(division_type))
    _lock(commune)
    if fold(full) in _current_names(commune):
        raise _duplicate(full)
    unit = _build(commune, full=full, short=short, division_type=kind, number=_next_number(commune))
    unit.save()
    audit(actor=actor, action="units.hamlet_create", obj=unit, unit_path=unit.path, name=unit.name)
    return unit


def _check_hamlet(hamlet: Unit) -> None:
    if hamlet.level != Level.HAMLET:
        raise DomainError("not_hamlet", "Đơn vị này không phải là thôn, tổ dân phố.",
                          message_en="This unit is not a hamlet.")
    if hamlet.valid_to is not None:
        raise DomainError("hamlet_closed", "Thôn, tổ dân phố này đã giải thể hoặc sáp nhập.",
                          message_en="This hamlet has been closed.")


@guard(Action.HAMLET_MANAGE, on=commune_of)
@transaction.atomic
def hamlet_rename(*, actor, hamlet: Unit, name: str, division_type: str | None = None) -> Unit:
    """Rename a current hamlet (and optionally change its kind). No change, no audit row."""
    _check_hamlet(hamlet)
    kind = division_type_clean(division_type) if division_type else hamlet.division_type
    full, short, kind = _split_name(_check_name(name), kind)
    _lock(hamlet.parent)
    hamlet = Unit.objects.get(pk=hamlet.pk)
    if (full, short, kind) == (hamlet.name, hamlet.short_name, hamlet.division_type):
        return hamlet
    if fold(full) in _current_names(hamlet.parent, exclude_pk=hamlet.pk):
        raise _duplicate(full)
    old = hamlet.name
    hamlet.name, hamlet.short_name, hamlet.division_type = full, short, kind
    hamlet.search_name = unit_search_name(full, short)
    try:
        hamlet.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc, "hamlet_invalid") from exc
    hamlet.save()
    audit(actor=actor, action="units.hamlet_rename", obj=hamlet, unit_path=hamlet.path, old_name=old, name=full)
    return hamlet


# Asked of the community-decisions app through core.registry (units never imports it).
OPEN_VOTES_QUERY = "query.open_votes_in_hamlets"


def _check_no_open_vote(hamlet: Unit, successor: Unit | None) -> None:
    """A community decision is taken by the households of an existing hamlet (Law 10/2022 Arts. 15, 17:
    "hộ gia đình trên địa bàn thôn"); after a merger the electorate changes, so a vote still running
    would count a body that no longer exists. The law is silent on mergers: the closing or merger of a
    hamlet — and the merger into a successor, whose electorate changes too — waits until every vote
    those hamlets take part in (their own, or a commune-wide one) has closed."""
    votes = [v for answer in announce(OPEN_VOTES_QUERY, hamlets=[hamlet, successor]) for v in answer]
    if votes:
        titles = ", ".join(f"“{v['title']}”" for v in votes[:3])
        raise DomainError(
            "hamlet_has_open_vote",
            f"Đang có {len(votes)} việc biểu quyết chưa kết thúc ở thôn này hoặc thôn nhận sáp nhập ({titles}): "
            "kết thúc biểu quyết trước khi giải thể, sáp nhập thôn (Điều 15, Điều 17 Luật 10/2022).",
            message_en=f"{len(votes)} vote(s) are still open in this hamlet or its successor: close them before "
                       "the hamlet is closed or merged.",
            field="on",
        )


@guard(Action.HAMLET_MANAGE, on=commune_of)
@transaction.atomic
def hamlet_close(*, actor, hamlet: Unit, on: dt.date, successor: Unit | None = None) -> Unit:
    """Close a hamlet from `on` (the first day it no longer exists), merged into `successor`.

    Follows the units' convention: `valid_to` is the last day (on − 1) and the succession takes
    effect on `on`, as for the 1 July 2025 reform. The successor is a current hamlet of the same
    commune (hamlet mergers are decided within a commune). The closed
    hamlet's households stay on it, so that its past meetings and votes keep their context;
    register them in the successor by importing its household list.
    """
    _check_hamlet(hamlet)
    last_day = on - dt.timedelta(days=1)
    if hamlet.valid_from is not None and last_day < hamlet.valid_from:
        raise DomainError("hamlet_close_date_invalid", "Ngày giải thể phải sau ngày thành lập thôn.",
                          message_en="The closing date is before the hamlet was created.", field="on")
    # Within the same commune (checked here), so the successor lies in the declared scope too.
    if successor is not None and (successor.pk == hamlet.pk or successor.level != Level.HAMLET
                                  or successor.parent_id != hamlet.parent_id or successor.valid_to is not None):
        raise DomainError(
            "hamlet_successor_invalid",
            "Thôn nhận sáp nhập phải là một thôn, tổ dân phố khác đang hoạt động của cùng xã.",
            message_en="The successor must be another current hamlet of the same commune.",
            field="successor",
        )
    _lock(hamlet)
    hamlet = Unit.objects.get(pk=hamlet.pk)
    _check_hamlet(hamlet)
    _check_no_open_vote(hamlet, successor)
    hamlet.valid_to = last_day
    try:
        hamlet.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc, "hamlet_invalid") from exc
    hamlet.save(update_fields=["valid_to", "updated_at"])
    if successor is not None:
        UnitSuccession.objects.create(predecessor=hamlet, successor=successor, effective_on=on, is_primary=True)
    audit(actor=actor, action="units.hamlet_close", obj=hamlet, unit_path=hamlet.path, on=on.isoformat(),
          successor=successor.code if successor else None)
    return hamlet


# --- import ----------------------------------------------------------------------------------
_COLUMNS = {
    "name": {"ten", "ten_thon", "ten_to_dan_pho", "ten_thon_to_dan_pho", "thon_to_dan_pho", "thon"},
    "division_type": {"loai", "loai_don_vi", "phan_loai", "loai_thon"},
}
_LABELS = {"name": "Tên thôn, tổ dân phố", "division_type": "Loại"}
MAX_HAMLET_ROWS = 2_000


@dataclass
class HamletImportReport:
    rows_total: int = 0
    created: list[Unit] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)


@guard(Action.HAMLET_MANAGE, on="commune")
@transaction.atomic
def hamlets_import(*, actor, commune: Unit, file_bytes: bytes, filename: str) -> HamletImportReport:
    """Create the commune's hamlets listed in a CSV/XLSX file; names already there are left alone.

    Columns: "Tên thôn" (or "Tên") and an optional "Loại" (thôn, tổ dân phố, ấp…; default thôn).
    A file without a header is read as names in the first column and the kind in the second.
    Good rows are created, bad rows reported; re-importing the same file creates nothing.
    """
    return _hamlets_import(actor, commune, file_bytes, filename)


@transaction.atomic
def hamlets_import_as_system(*, commune: Unit, file_bytes: bytes, filename: str) -> HamletImportReport:
    """The same import run by the server's operator on the command line (`danchu hamlets import`
    without `--as`): not a person's call, so no actor and no grant; the audit rows have no user."""
    return _hamlets_import(None, commune, file_bytes, filename)


def _hamlets_import(actor, commune: Unit, file_bytes: bytes, filename: str) -> HamletImportReport:
    _check_commune(commune)
    table = read_table(file_bytes, filename, max_rows=MAX_HAMLET_ROWS)
    first = table.rows[0][1]
    if any(header_key(c) in _COLUMNS["name"] for c in first):
        header = find_header(table, _COLUMNS, ["name"], _LABELS)
        rows = [(n, as_text(cell(c, header, "name")), as_text(cell(c, header, "division_type")))
                for n, c in data_rows(table, header)]
        name_label = header.labels["name"]
        type_label = header.labels.get("division_type", _LABELS["division_type"])
    else:
        rows = [(n, as_text(c[0]) if c else "", as_text(c[1]) if len(c) > 1 else "") for n, c in table.rows]
        name_label, type_label = "Cột A", "Cột B"

    report = HamletImportReport(rows_total=len(rows))
    _lock(commune)
    existing = _current_names(commune)
    number = _next_number(commune)
    seen_in_file: dict[str, int] = {}
    for row, raw_name, raw_type in rows:
        try:
            kind = division_type_clean(raw_type) if raw_type else "thôn"
        except DomainError as exc:
            report.rejected.append({"row": row, "column": type_label, "value": raw_type, "code": exc.code,
                                    "reason": f"Loại “{raw_type}” không có trong danh mục của Luật (Điều 2)."})
            continue
        try:
            full, short, kind = _split_name(_check_name(raw_name), kind)
        except DomainError as exc:
            report.rejected.append({"row": row, "column": name_label, "value": raw_name, "code": exc.code,
                                    "reason": exc.message})
            continue
        key = fold(full)
        if key in seen_in_file:
            report.rejected.append({"row": row, "column": name_label, "value": raw_name,
                                    "code": "hamlet_name_duplicate_in_file",
                                    "reason": f"Trùng với dòng {seen_in_file[key]}."})
            continue
        seen_in_file[key] = row
        if key in existing:
            report.unchanged += 1
            continue
        unit = _build(commune, full=full, short=short, division_type=kind, number=number)
        number += 1
        unit.save()
        report.created.append(unit)
        audit(actor=actor, action="units.hamlet_create", obj=unit, unit_path=unit.path, name=unit.name,
              source=filename[:100])
    audit(actor=actor, action="units.hamlets_import", object_type="units.unit", object_id=commune.code,
          unit_path=commune.path, filename=filename[:255], rows=report.rows_total, created=len(report.created),
          unchanged=report.unchanged, rejected=len(report.rejected))
    return report
