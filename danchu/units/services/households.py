"""Households and residents of a hamlet: the register import and one-by-one entry.

The household is the voting unit for matters the community decides (Law 10/2022/QH15 Art. 21:
a matter passes with more than half (or two thirds) of all households of the hamlet), so the register must be
right: one household per code in a hamlet, one person per CCCD in the whole country, one
representative per household.

Import format (one row per resident; header spelled with or without diacritics, any case):

    Mã hộ | Họ và tên | Số CCCD | Năm sinh | Số điện thoại | Địa chỉ | Đại diện hộ
    ma_ho | ho_ten    | cccd    | nam_sinh | dien_thoai    | dia_chi | dai_dien

"Mã hộ" and "Họ và tên" are required; the other columns are optional, and an empty cell means
"not given" (an import never erases what is on record). "Đại diện hộ" is marked with x, có or 1.

Good rows are imported and bad rows reported (row number as in Excel, column, value, reason),
all in one transaction. Re-importing the same file changes nothing: households are matched by
(hamlet, code), residents by CCCD, or by (household, name, birth year) when the row has none.

Every service taking an `actor` declares its rule (core.access.guard): HOUSEHOLD_MANAGE on the
hamlet (of the household) — 404 outside the actor's scope, 403 inside it without the right. The
server's operator on the command line (`danchu households import` without `--as`) is not a
person's call: `households_import_as_system` takes no actor (the audit row has no user).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from danchu.core.access import guard
from danchu.core.audit import audit
from danchu.core.errors import DomainError, from_validation_error
from danchu.core.inputs import has_control, without_controls
from danchu.core.roles import Action
from danchu.core.text import fold

from ..importers import Cell, Header, as_text, cell, data_rows, find_header, read_table
from ..models import Household, HouseholdImport, Level, Resident, Unit
from .hamlets import CONTROL_MESSAGE, clean_text

MAX_IMPORT_ROWS = 200_000
_CHUNK = 900  # ids per IN (...) query: under SQLite's historical 999-parameter limit
_BATCH = 2_000

COLUMNS: dict[str, set[str]] = {
    "code": {"ma_ho", "ma_ho_gia_dinh", "ma_hgd", "so_ho", "ma_so_ho"},
    "full_name": {"ho_va_ten", "ho_ten", "ho_ten_nhan_khau", "ho_va_ten_nhan_khau"},
    "identity_number": {"so_cccd", "cccd", "so_can_cuoc", "can_cuoc", "so_can_cuoc_cong_dan", "so_dinh_danh",
                        "so_dinh_danh_ca_nhan", "ma_dinh_danh"},
    "birth_year": {"nam_sinh", "ngay_sinh", "ngay_thang_nam_sinh"},
    "phone": {"so_dien_thoai", "dien_thoai", "sdt", "so_dt", "dt"},
    "address": {"dia_chi", "dia_chi_ho", "noi_o", "cho_o"},
    "representative": {"dai_dien_ho", "dai_dien", "la_dai_dien", "dai_dien_ho_gia_dinh", "chu_ho"},
}
LABELS = {
    "code": "Mã hộ",
    "full_name": "Họ và tên",
    "identity_number": "Số CCCD",
    "birth_year": "Năm sinh",
    "phone": "Số điện thoại",
    "address": "Địa chỉ",
    "representative": "Đại diện hộ",
}
REQUIRED = ("code", "full_name")
TEMPLATE_ROWS = [
    ["H001", "Nguyễn Văn An", "001080012345", "1980", "0912345678", "Xóm Giữa", "x"],
    ["H001", "Trần Thị Bình", "001182012346", "1982", "", "Xóm Giữa", ""],
    ["H002", "Lê Đức Cường", "", "1955", "", "Xóm Đình", "x"],
]

_YES = {"x", "co", "c", "1", "yes", "y", "true", "dai dien", "chu ho", "v", "\u2713", "\u2714", "\u221a"}
_NO = {"", "0", "khong", "k", "no", "n", "false", "-"}
_DIGITS12 = re.compile(r"[0-9]{12}")
_PHONE = re.compile(r"0(?:[35789][0-9]{8}|2[0-9]{9})")  # mobile 0[35789]xxxxxxxx, landline 02xxxxxxxxx
_DATE_YEAR = re.compile(r"^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-]([0-9]{4})$")
_FIELD_MAX = {"code": 30, "full_name": 120, "address": 255}


# --- one field at a time (shared by the import and one-by-one entry) --------------------------
class FieldError(ValueError):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


def identity_number_clean(value: Cell) -> str | None:
    """A CCCD: exactly 12 ASCII digits (spaces and dots tolerated), or None when not given.

    Every CCCD starts with the 3-digit province code 001–096, so a whole number typed in a
    numeric Excel cell has lost its leading zero(s): those are put back. A text value is never
    padded (a missing digit in typed text cannot be told from a lost zero).
    """
    if isinstance(value, int):
        if 0 < value < 10**12:
            return f"{value:012d}"
        value = str(value)
    text = re.sub(r"[\s.]", "", as_text(value)).lstrip("'")
    if not text:
        return None
    if not _DIGITS12.fullmatch(text):
        digits = sum(ch in "0123456789" for ch in text)
        hint = ""
        if digits == len(text) and 9 <= digits < 12:
            hint = " Nếu số bắt đầu bằng 0, hãy định dạng cột là Văn bản (Text) để Excel không bỏ số 0 ở đầu."
        raise FieldError("cccd_invalid", f"Số CCCD phải gồm đúng 12 chữ số (đang có {digits} chữ số).{hint}")
    return text


def birth_year_clean(value: Cell, *, today: dt.date | None = None) -> int | None:
    """1900..this year; a full date ("12/03/1985" or an Excel date) gives its year."""
    this_year = (today or timezone.localdate()).year
    if isinstance(value, dt.date):
        year = value.year
    elif isinstance(value, int):
        year = value
    else:
        text = as_text(value)
        if not text:
            return None
        m = _DATE_YEAR.match(text)
        if m:
            year = int(m.group(1))
        elif text.isascii() and text.isdigit():
            year = int(text)
        else:
            raise FieldError("birth_year_invalid", "Năm sinh phải là số có 4 chữ số, ví dụ 1985.")
    if not 1900 <= year <= this_year:
        raise FieldError("birth_year_range", f"Năm sinh phải từ 1900 đến {this_year}.")
    return year


def phone_clean(value: Cell) -> str:
    """Vietnamese number, stored as 0xxxxxxxxx: "+84 912 345 678" → "0912345678"; "" when not given."""
    if isinstance(value, int):
        value = f"0{value}" if 8 <= len(str(value)) <= 10 else str(value)  # Excel dropped the leading 0
    text = re.sub(r"[\s.\-()]", "", as_text(value))
    if not text:
        return ""
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if not _PHONE.fullmatch(text):
        raise FieldError("phone_invalid", "Số điện thoại không đúng định dạng Việt Nam (ví dụ 0912345678).")
    return text


def representative_clean(value: Cell) -> bool:
    text = fold(as_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise FieldError("representative_invalid", "Đánh dấu đại diện hộ bằng “x” (hoặc “có”, “1”); để trống nếu không phải.")


def _no_control(value: str, code: str, label: str) -> str:
    """A value read from the file with a control character (U+0013…, no part of a name or an address,
    and no DOCX/XLSX could hold it): the row is rejected (core.inputs)."""
    if has_control(value, multiline=False):
        raise FieldError(code, f"{label} {CONTROL_MESSAGE}")
    return value


def full_name_clean(value: Cell) -> str:
    name = _no_control(clean_text(as_text(value)), "full_name_invalid", "Họ và tên")
    if not name:
        raise FieldError("full_name_required", "Thiếu họ và tên.")
    if len(name) > _FIELD_MAX["full_name"]:
        raise FieldError("full_name_too_long", f"Họ và tên dài quá {_FIELD_MAX['full_name']} ký tự.")
    if not any(ch.isalpha() for ch in name):
        raise FieldError("full_name_invalid", "Họ và tên phải có chữ cái.")
    return name


def household_code_clean(value: Cell) -> str:
    code = _no_control(clean_text(as_text(value)), "household_code_invalid", "Mã hộ")
    if not code:
        raise FieldError("household_code_required", "Thiếu mã hộ.")
    if len(code) > _FIELD_MAX["code"]:
        raise FieldError("household_code_too_long", f"Mã hộ dài quá {_FIELD_MAX['code']} ký tự.")
    return code


def address_clean(value: Cell) -> str:
    address = _no_control(clean_text(as_text(value)), "address_invalid", "Địa chỉ")
    if len(address) > _FIELD_MAX["address"]:
        raise FieldError("address_too_long", f"Địa chỉ dài quá {_FIELD_MAX['address']} ký tự.")
    return address


_CLEANERS = {
    "code": household_code_clean,
    "full_name": full_name_clean,
    "identity_number": identity_number_clean,
    "birth_year": birth_year_clean,
    "phone": phone_clean,
    "address": address_clean,
    "representative": representative_clean,
}

REGISTERED_ELSEWHERE = "Số CCCD này đã đăng ký ở hộ khác."


def _check_hamlet(hamlet: Unit) -> None:
    if hamlet.level != Level.HAMLET:
        raise DomainError("household_hamlet_required", "Hộ gia đình phải thuộc một thôn, tổ dân phố.",
                          message_en="Households belong to a hamlet.", field="hamlet")
    if hamlet.is_former:
        raise DomainError("hamlet_closed", "Thôn, tổ dân phố này đã giải thể hoặc sáp nhập.",
                          message_en="This hamlet has been closed.", field="hamlet")


# --- the import ------------------------------------------------------------------------------
@dataclass
class _Row:
    number: int
    code: str
    full_name: str
    identity_number: str | None
    birth_year: int | None
    phone: str
    address: str
    representative: bool

    @property
    def person_key(self) -> tuple[str, str, int | None]:
        return (self.code, self.full_name.casefold(), self.birth_year)


class _Report:
    def __init__(self, header: Header):
        self.header = header
        self.rejected: list[dict] = []
        self.rows: set[int] = set()

    def reject(self, row: int, key: str, value, code: str, reason: str) -> None:
        self.rows.add(row)
        entry = {"row": row, "column": self.header.labels.get(key, LABELS[key]), "code": code, "reason": reason}
        value = as_text(value) if value is not None else ""
        if value:
            # The value as read, echoed in the report (stored as JSON: PostgreSQL's jsonb refuses NUL).
            entry["value"] = without_controls(value)[:100]
        self.rejected.append(entry)


def _parse(rows: Iterable[tuple[int, list[Cell]]], header: Header, report: _Report, today: dt.date) -> list[_Row]:
    """Rows whose every field is valid on its own; the others go to the report (all their errors)."""
    good: list[_Row] = []
    for number, cells in rows:
        values: dict = {}
        failed = False
        for key, clean in _CLEANERS.items():
            raw = cell(cells, header, key)
            try:
                values[key] = clean(raw, today=today) if key == "birth_year" else clean(raw)
            except FieldError as exc:
                report.reject(number, key, raw, exc.code, exc.reason)
                failed = True
        if not failed:
            good.append(_Row(number=number, **values))
    return good


def _in_file_checks(rows: list[_Row], report: _Report) -> list[_Row]:
    """Refuse a CCCD given twice, a person listed twice in a household, a second representative."""
    first_cccd: dict[str, int] = {}
    first_person: dict[tuple, int] = {}
    first_rep: dict[str, int] = {}
    kept: list[_Row] = []
    for r in rows:
        if r.identity_number:
            if r.identity_number in first_cccd:
                report.reject(r.number, "identity_number", r.identity_number, "cccd_duplicate_in_file",
                              f"Số CCCD trùng với dòng {first_cccd[r.identity_number]}.")
                continue
            first_cccd[r.identity_number] = r.number
    for r in rows:  # people with a CCCD first, so a row without one cannot claim them
        if r.identity_number and r.number not in report.rows:
            first_person.setdefault(r.person_key, r.number)
    for r in rows:
        if r.number in report.rows:
            continue
        if not r.identity_number:
            if r.person_key in first_person:
                report.reject(r.number, "full_name", r.full_name, "resident_duplicate_in_file",
                              f"Trùng người với dòng {first_person[r.person_key]} (cùng hộ, họ tên, năm sinh).")
                continue
            first_person[r.person_key] = r.number
        if r.representative:
            if r.code in first_rep:
                report.reject(r.number, "representative", "x", "representative_duplicate",
                              f"Hộ {r.code} đã có đại diện ở dòng {first_rep[r.code]}; mỗi hộ chỉ một người đại diện.")
                continue
            first_rep[r.code] = r.number
        kept.append(r)
    return kept


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _bulk_set(model, objs: list, fields: list[str]) -> None:
    """UPDATE … SET <fields> WHERE id = … for each object, as one executemany.

    Django's bulk_update builds a CASE WHEN per row and costs about a millisecond per object in
    Python; a register import updates thousands of rows, so the statement is prepared once here.
    """
    if not objs:
        return
    qn = connection.ops.quote_name
    concrete = [model._meta.get_field(f) for f in fields]
    # Table and column names come from the model, values are parameters: nothing from the file.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        qn(model._meta.db_table), ", ".join(f"{qn(f.column)} = %s" for f in concrete), qn(model._meta.pk.column)
    )
    params = [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in concrete] + [o.pk] for o in objs]
    with connection.cursor() as cursor:
        for chunk in _chunks(params, _BATCH):
            cursor.executemany(sql, chunk)


def _require_ids(objs: list) -> None:
    # PostgreSQL and SQLite >= 3.35 return ids from a bulk insert; the import relies on it.
    if objs and objs[0].pk is None:
        raise RuntimeError("The database did not return ids from a bulk insert (SQLite >= 3.35 is required).")


@guard(Action.HOUSEHOLD_MANAGE, on="hamlet")
@transaction.atomic
def households_import(*, actor, hamlet: Unit, file_bytes: bytes, filename: str) -> HouseholdImport:
    """Import a hamlet's household register (format in the module docstring). One transaction.

    Raises DomainError, writing nothing, when the file cannot be read (not CSV/XLSX, damaged,
    empty, too large, no header with "Mã hộ" and "Họ và tên"). Otherwise returns the stored
    HouseholdImport with the counts and the rejected rows.

    Each row goes through the field cleaners above, which cover every constraint of Household and
    Resident (lengths, CCCD format, birth-year range); uniqueness is checked against preloaded
    keys. `full_clean()` per row is not called: it would cost a uniqueness query per resident.
    """
    return _households_import(actor, hamlet, file_bytes, filename)


@transaction.atomic
def households_import_as_system(*, hamlet: Unit, file_bytes: bytes, filename: str) -> HouseholdImport:
    """The same import run by the server's operator on the command line (`danchu households import`
    without `--as`): not a person's call, so no actor and no grant; the audit row has no user."""
    return _households_import(None, hamlet, file_bytes, filename)


def _households_import(actor, hamlet: Unit, file_bytes: bytes, filename: str) -> HouseholdImport:
    _check_hamlet(hamlet)
    table = read_table(file_bytes, filename, max_rows=MAX_IMPORT_ROWS)
    header = find_header(table, COLUMNS, REQUIRED, LABELS)
    rows = data_rows(table, header)
    report = _Report(header)
    now = timezone.now()
    good = _in_file_checks(_parse(rows, header, report, timezone.localdate()), report)

    Unit.objects.select_for_update().filter(pk=hamlet.pk).first()  # one import per hamlet at a time
    imp = HouseholdImport(hamlet=hamlet, filename=filename[:255], rows_total=len(rows),
                          actor_name=actor.get_username() if actor is not None else "hệ thống (dòng lệnh)")
    try:
        with transaction.atomic():
            _apply(hamlet, good, report, imp, now)
    except IntegrityError as exc:  # another import registered the same CCCD meanwhile
        raise DomainError("import_conflict", "Dữ liệu vừa bị thay đổi bởi một lần nhập khác. Vui lòng nhập lại.",
                          message_en="The register changed during the import; try again.") from exc
    imp.rejected = sorted(report.rejected, key=lambda e: e["row"])
    imp.save()
    audit(actor=actor, action="units.households_import", obj=imp, unit_path=hamlet.path, filename=imp.filename,
          rows=imp.rows_total, households_created=imp.households_created, households_updated=imp.households_updated,
          residents_created=imp.residents_created, residents_updated=imp.residents_updated,
          unchanged=imp.rows_unchanged, rejected_rows=len(report.rows))
    return imp


def _apply(hamlet: Unit, rows: list[_Row], report: _Report, imp: HouseholdImport, now) -> None:
    # Preload everything the rows refer to: no query per row.
    households = {h.code: h for h in Household.objects.filter(hamlet=hamlet)}
    residents = list(Resident.objects.filter(household__hamlet=hamlet).order_by("id"))
    by_cccd = {r.identity_number: r for r in residents if r.identity_number}
    by_person: dict[tuple, list[Resident]] = {}
    code_of = {h.pk: code for code, h in households.items()}
    for r in residents:
        by_person.setdefault((code_of[r.household_id], r.full_name.casefold(), r.birth_year), []).append(r)
    wanted = [r.identity_number for r in rows if r.identity_number and r.identity_number not in by_cccd]
    elsewhere: set[str] = set()
    for chunk in _chunks(wanted):
        elsewhere.update(Resident.objects.filter(identity_number__in=chunk).values_list("identity_number", flat=True))

    # Resolve each row to a resident: existing (maybe changed) or new.
    claimed: set[int] = set()
    plan: list[tuple[_Row, Resident | None]] = []
    for r in rows:
        match = None
        if r.identity_number:
            if r.identity_number in elsewhere:
                report.reject(r.number, "identity_number", r.identity_number, "cccd_registered_elsewhere",
                              REGISTERED_ELSEWHERE)
                continue
            match = by_cccd.get(r.identity_number)
            if match is not None and code_of[match.household_id] != r.code:
                report.reject(r.number, "identity_number", r.identity_number, "cccd_registered_elsewhere",
                              REGISTERED_ELSEWHERE)
                continue
            if match is None:  # the same person entered earlier without a CCCD
                match = next((p for p in by_person.get(r.person_key, ()) if not p.identity_number
                              and p.pk not in claimed), None)
        else:
            match = next((p for p in by_person.get(r.person_key, ()) if p.pk not in claimed), None)
        if match is not None:
            claimed.add(match.pk)
        plan.append((r, match))

    # Households: create the new codes; the address is the first one given for the household.
    address_of: dict[str, str] = {}
    for r, _ in plan:
        if r.address:
            address_of.setdefault(r.code, r.address)
    new_households: list[Household] = []
    changed: set[str] = set()  # codes of existing households that changed
    for r, _ in plan:
        h = households.get(r.code)
        if h is None:
            h = Household(hamlet=hamlet, code=r.code, address=address_of.get(r.code, ""),
                          province_code=hamlet.province_code)
            households[r.code] = h
            new_households.append(h)
        elif r.code in address_of and h.address != address_of[r.code] and h.pk is not None:
            h.address = address_of[r.code]
            changed.add(r.code)
    Household.objects.bulk_create(new_households, batch_size=_BATCH)
    _require_ids(new_households)

    # Residents.
    new_residents: list[Resident] = []
    changed_residents: list[Resident] = []
    representative_of: dict[str, Resident] = {}
    unchanged = 0
    for r, match in plan:
        if match is None:
            match = Resident(household=households[r.code], full_name=r.full_name, identity_number=r.identity_number,
                             birth_year=r.birth_year, phone=r.phone, search_name=fold(r.full_name)[:200],
                             province_code=hamlet.province_code)
            new_residents.append(match)
        else:
            dirty = False
            for attr, value in (("full_name", r.full_name), ("identity_number", r.identity_number),
                                ("birth_year", r.birth_year), ("phone", r.phone)):
                if value not in (None, "") and getattr(match, attr) != value:  # empty cell: keep what is on record
                    setattr(match, attr, value)
                    dirty = True
            if dirty:
                match.search_name = fold(match.full_name)[:200]
                match.updated_at = now
                changed_residents.append(match)
            else:
                unchanged += 1
        if r.representative:
            representative_of[r.code] = match
    Resident.objects.bulk_create(new_residents, batch_size=_BATCH)
    _require_ids(new_residents)
    _bulk_set(Resident, changed_residents, ["full_name", "identity_number", "birth_year", "phone", "search_name",
                                            "updated_at"])

    # Representatives (Law Art. 21: the household's vote is cast by its representative). A file
    # that marks nobody in a household leaves its current representative in place.
    created = {h.code for h in new_households}
    for code, resident in representative_of.items():
        h = households[code]
        if h.representative_id != resident.pk:
            h.representative = resident
            if code not in created:
                changed.add(code)
    to_save = [households[c] for c in changed] + [households[c] for c in created if c in representative_of]
    for h in to_save:
        h.updated_at = now
    _bulk_set(Household, to_save, ["address", "representative", "updated_at"])

    imp.households_created = len(new_households)
    imp.households_updated = len(changed)
    imp.residents_created = len(new_residents)
    imp.residents_updated = len(changed_residents)
    imp.rows_unchanged = unchanged


def rejected_row_count(imp: HouseholdImport) -> int:
    return len({e.get("row") for e in imp.rejected})


# --- one by one, from the page ---------------------------------------------------------------
def _domain(exc: FieldError, field: str) -> DomainError:
    return DomainError(exc.code, exc.reason, message_en="Invalid value.", field=field)


def _clean(value, cleaner, field: str):
    try:
        return cleaner(value)
    except FieldError as exc:
        raise _domain(exc, field) from exc


def _save(obj, code: str) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc, code) from exc
    obj.save()


@guard(Action.HOUSEHOLD_MANAGE, on="hamlet")
@transaction.atomic
def household_create(*, actor, hamlet: Unit, code: str, address: str = "") -> Household:
    _check_hamlet(hamlet)
    code = _clean(code, household_code_clean, "code")
    address = _clean(address, address_clean, "address")
    if Household.objects.filter(hamlet=hamlet, code=code).exists():
        raise DomainError("household_code_duplicate", f"Thôn đã có hộ mã “{code}”.",
                          message_en="This hamlet already has a household with this code.", field="code")
    household = Household(hamlet=hamlet, code=code, address=address, province_code=hamlet.province_code)
    _save(household, "household_invalid")
    audit(actor=actor, action="units.household_create", obj=household, unit_path=hamlet.path, code=code)
    return household


@guard(Action.HOUSEHOLD_MANAGE, on="household")
@transaction.atomic
def resident_add(
    *,
    actor,
    household: Household,
    full_name: str,
    identity_number: str = "",
    birth_year: int | str | None = None,
    phone: str = "",
    is_representative: bool = False,
) -> Resident:
    """Add a person to a household; with `is_representative` they become its representative."""
    hamlet = household.hamlet
    _check_hamlet(hamlet)
    full_name = _clean(full_name, full_name_clean, "full_name")
    cccd = _clean(identity_number or "", identity_number_clean, "identity_number")
    year = _clean("" if birth_year is None else birth_year, birth_year_clean, "birth_year")
    phone = _clean(phone or "", phone_clean, "phone")
    if cccd and Resident.objects.filter(identity_number=cccd).exists():
        raise DomainError("cccd_registered_elsewhere", REGISTERED_ELSEWHERE,
                          message_en="This identity number is already registered.", field="identity_number")
    resident = Resident(household=household, full_name=full_name, identity_number=cccd, birth_year=year, phone=phone,
                        search_name=fold(full_name)[:200], province_code=hamlet.province_code)
    try:
        with transaction.atomic():
            _save(resident, "resident_invalid")
    except IntegrityError as exc:
        raise DomainError("cccd_registered_elsewhere", REGISTERED_ELSEWHERE,
                          message_en="This identity number is already registered.", field="identity_number") from exc
    audit(actor=actor, action="units.resident_add", obj=resident, unit_path=hamlet.path, household=household.code)
    if is_representative:
        household_set_representative(actor=actor, household=household, resident=resident)
    return resident


@guard(Action.HOUSEHOLD_MANAGE, on="household")
@transaction.atomic
def household_set_representative(*, actor, household: Household, resident: Resident) -> Household:
    if resident.household_id != household.pk:
        raise DomainError("representative_not_member", "Người đại diện phải là thành viên của hộ.",
                          message_en="The representative must belong to the household.", field="resident")
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.representative_id == resident.pk:
        return household
    household.representative = resident
    household.save(update_fields=["representative", "updated_at"])
    audit(actor=actor, action="units.household_set_representative", obj=household,
          unit_path=household.hamlet.path, resident_id=resident.pk)
    return household

