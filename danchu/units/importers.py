"""Reading uploaded registers (CSV or XLSX) into rows of cells, whatever the office PC produced.

What comes out of a commune office: Excel files (.xlsx), CSV saved by Excel in UTF-8 (often with
a BOM), in Windows-1258 (Vietnamese Windows: tone marks stored as *combining* characters, so the
text is normalised to NFC here), or "Unicode text" (UTF-16, tab-separated); comma, semicolon
(Vietnamese regional settings) or tab as separator; a title line or two above the header.

The format is decided from the bytes, never from the file name. The old binary .xls and
OpenDocument files are refused with a hint to save as .xlsx or CSV. Legacy font encodings
(TCVN3/ABC, VNI) cannot be told apart from Windows-1258 reliably and are not supported.

Rows keep their spreadsheet row number (the header line is row 1 when it is the first line) so
that a rejection report points at the row the official sees in Excel. Cells are `str` (NFC,
stripped), `int` (a whole number typed in a numeric Excel cell: the caller decides whether
leading zeros were lost) or `datetime.date`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from danchu.core.errors import DomainError
from danchu.core.text import fold

Cell = str | int | dt.date

# A decompressed XLSX bigger than this is refused before parsing (a "zip bomb" guard).
MAX_XLSX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
# Where the header may be: registers often carry a title line or two above it.
HEADER_SEARCH_ROWS = 10
_DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    """Non-empty rows of the first sheet, each with its spreadsheet row number."""

    format: str  # "csv" or "xlsx"
    encoding: str  # e.g. "utf-8-sig", "cp1258"; "" for xlsx
    rows: list[tuple[int, list[Cell]]]


@dataclass
class Header:
    row: int  # spreadsheet row number of the header line
    index: dict[str, int]  # column key → position in the row
    labels: dict[str, str]  # column key → the header text as written in the file


def _error(code: str, message: str, message_en: str) -> DomainError:
    return DomainError(code, message, message_en=message_en, field="file")


def unreadable(detail: str = "") -> DomainError:
    msg = "Không đọc được tệp. Hãy dùng tệp Excel (.xlsx) hoặc CSV theo mẫu."
    return _error("file_unreadable", f"{msg} {detail}".strip(), "The file cannot be read; use .xlsx or CSV.")


def check_size(data: bytes) -> None:
    limit = settings.DANCHU_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise _error(
            "file_too_large",
            f"Tệp quá lớn ({len(data) / 1048576:.1f} MB). Dung lượng tối đa là {limit / 1048576:.0f} MB; "
            "hãy chia thành nhiều tệp.",
            f"The file is larger than the limit of {limit} bytes.",
        )


def read_table(data: bytes, filename: str = "", *, max_rows: int = 200_000) -> Table:
    """The non-empty rows of a CSV or XLSX file. Raises DomainError if the file cannot be read."""
    check_size(data)
    if not data or not data.strip():
        raise _error("file_empty", "Tệp trống, không có dòng dữ liệu nào.", "The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data, max_rows=max_rows)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _error(
            "file_format_unsupported",
            "Tệp Excel đời cũ (.xls) chưa được hỗ trợ. Hãy mở tệp trong Excel và lưu lại dạng .xlsx hoặc CSV.",
            "Legacy .xls files are not supported; save as .xlsx or CSV.",
        )
    elif data.startswith(b"%PDF"):
        raise unreadable("Tệp PDF không chứa bảng dữ liệu đọc được.")
    else:
        table = _read_csv(data, max_rows=max_rows)
    if not table.rows:
        raise _error("file_empty", "Tệp trống, không có dòng dữ liệu nào.", "The file is empty.")
    return table


# --- CSV -------------------------------------------------------------------------------------
def decode_text(data: bytes) -> tuple[str, str]:
    """(text in NFC, encoding used): UTF-16 by BOM, UTF-8 (with or without BOM), Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:8192]:
            raise unreadable("Tệp không phải là văn bản CSV.")
        candidates = ["utf-8-sig", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # binary data further in (PostgreSQL cannot store NUL in text either)
            raise unreadable("Tệp không phải là văn bản CSV.")
        return unicodedata.normalize("NFC", text), encoding
    # Neither: let charset-normalizer guess (rare; e.g. a Western code page with undefined bytes).
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise unreadable("Không nhận ra bảng mã của tệp (hãy lưu dạng CSV UTF-8).")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise unreadable("Không nhận ra bảng mã của tệp (hãy lưu dạng CSV UTF-8).") from exc
    return unicodedata.normalize("NFC", text), best.encoding


def _sniff_delimiter(text: str) -> str:
    """The separator that gives the widest row among the first lines (the header is the widest)."""
    sample = text[:65536].splitlines()[:HEADER_SEARCH_ROWS + 10]
    best, best_width = ",", 0
    for delimiter in _DELIMITERS:
        try:
            width = max((len(r) for r in csv.reader(sample, delimiter=delimiter)), default=0)
        except csv.Error:
            continue
        if width > best_width:
            best, best_width = delimiter, width
    return best


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    text, encoding = decode_text(data)
    delimiter = _sniff_delimiter(text)
    rows: list[tuple[int, list[Cell]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, record in enumerate(reader, start=1):
            cells = [c.strip() for c in record]
            if any(cells):
                rows.append((number, _trim(cells)))
                if len(rows) > max_rows:
                    raise _too_many_rows(max_rows)
    except csv.Error as exc:
        raise unreadable(f"Lỗi định dạng CSV: {exc}.") from exc
    return Table(format="csv", encoding=encoding, rows=rows)


def _trim(cells: list) -> list:
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _too_many_rows(max_rows: int) -> DomainError:
    return _error(
        "file_too_many_rows",
        f"Tệp có quá nhiều dòng (tối đa {max_rows:,} dòng).".replace(",", "."),
        f"Too many rows (at most {max_rows}).",
    )


# --- XLSX ------------------------------------------------------------------------------------
def _xlsx_cell(value) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return unicodedata.normalize("NFC", str(value)).strip()


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
                raise _error(
                    "file_format_unsupported",
                    "Tệp OpenDocument (.ods) chưa được hỗ trợ. Hãy lưu lại dạng .xlsx hoặc CSV.",
                    "OpenDocument files are not supported; save as .xlsx or CSV.",
                )
            if sum(i.file_size for i in zf.infolist()) > MAX_XLSX_UNCOMPRESSED_BYTES:
                raise unreadable("Tệp giải nén quá lớn.")
            if "xl/workbook.xml" not in names:
                raise unreadable("Tệp nén không phải là bảng tính Excel.")
    except zipfile.BadZipFile as exc:
        raise unreadable("Tệp Excel bị hỏng.") from exc

    import openpyxl  # defusedxml is installed, so openpyxl parses the XML safely

    rows: list[tuple[int, list[Cell]]] = []
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise unreadable("Tệp Excel bị hỏng.") from exc
    try:
        if not wb.worksheets:
            raise unreadable("Tệp Excel không có trang tính nào.")
        # read_only yields one tuple per sheet row, empty rows included, so numbers match Excel's.
        for number, values in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if any(c != "" for c in cells):
                rows.append((number, _trim(cells)))
                if len(rows) > max_rows:
                    raise _too_many_rows(max_rows)
    except DomainError:
        raise
    except Exception as exc:
        raise unreadable("Tệp Excel bị hỏng.") from exc
    finally:
        wb.close()
    return Table(format="xlsx", encoding="", rows=rows)


# --- header ----------------------------------------------------------------------------------
def header_key(text: Cell) -> str:
    """ "Số CCCD", "so_cccd", "SỐ CCCD (*)" → "so_cccd"."""
    folded = fold(str(text))
    folded = re.sub(r"\([^)]*\)", " ", folded)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def find_header(
    table: Table, columns: dict[str, Iterable[str]], required: Iterable[str], labels: dict[str, str]
) -> Header:
    """Locate the header among the first rows: the first row naming every required column.

    `columns` maps a column key to the accepted header spellings (already as `header_key`s);
    `labels` gives each key's Vietnamese name for the error message.
    """
    required = list(required)
    aliases = {alias: key for key, spellings in columns.items() for alias in spellings}
    best: tuple[int, dict[str, int], dict[str, str]] | None = None
    for number, cells in table.rows[:HEADER_SEARCH_ROWS]:
        index: dict[str, int] = {}
        seen: dict[str, str] = {}
        duplicate = None
        for pos, cell in enumerate(cells):
            key = aliases.get(header_key(cell))
            if key is None:
                continue
            if key in index:
                duplicate = (key, cell)
            index[key] = pos
            seen[key] = str(cell)
        if all(k in index for k in required):
            if duplicate is not None:
                raise _error(
                    "file_header_invalid",
                    f"Cột “{labels[duplicate[0]]}” xuất hiện hai lần ở dòng tiêu đề (dòng {number}).",
                    "A column appears twice in the header.",
                )
            return Header(row=number, index=index, labels=seen)
        if best is None or len(index) > len(best[1]):
            best = (number, index, seen)
    missing = [labels[k] for k in required if best is None or k not in best[1]]
    raise _error(
        "file_header_invalid",
        "Không tìm thấy dòng tiêu đề hợp lệ. Thiếu cột: " + ", ".join(f"“{m}”" for m in missing)
        + ". Hãy dùng tệp mẫu.",
        "No valid header row; missing columns: " + ", ".join(missing),
    )


def data_rows(table: Table, header: Header) -> list[tuple[int, list[Cell]]]:
    return [(n, cells) for n, cells in table.rows if n > header.row]


def cell(cells: list[Cell], header: Header, key: str) -> Cell:
    pos = header.index.get(key)
    if pos is None or pos >= len(cells):
        return ""
    return cells[pos]


def as_text(value: Cell) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
