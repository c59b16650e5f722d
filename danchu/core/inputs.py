"""What every request's input must be before a page, an operation or a service sees it.

One place, shared by the pages and the API (`core.middleware.InputGuardMiddleware` applies it to every
request; selectors and services call the helpers for their own parameters):

- **Control characters.** NUL and the other C0 control characters cannot be typed into a form or a
  search box, and PostgreSQL refuses NUL in text outright. They are refused — not silently dropped,
  so that what is stored is what was sent — with a clear 400 (`invalid_characters`): anywhere in the
  path; in query-string and form values except tab, line feed and carriage return (which a pasted
  text may hold and which every search treats as a space); in JSON string values likewise, and lone
  UTF-16 surrogates ("\\ud800"), which no database can store. One-line values a service stores (names)
  are held to `one_line` (no line breaks either).
- **Numbers.** JSON allows neither NaN nor Infinity (RFC 8259 §6), yet Python's parser accepts them:
  a body holding them is refused (`invalid_number`). `finite` and `coordinates` check numbers from
  forms (where "nan" and "1e400" parse as floats).
- **Years, dates, page numbers, offsets** in query parameters are bounded (`year`, `date_bounded`,
  `date_range`, `page_number`, `offset`) with a Vietnamese message (`invalid_parameter`), instead of
  overflowing a date or the database's integers.
- **Times of day** arriving with a UTC offset ("09:00:00+07:00") are turned into Vietnam's local time
  (`local_time`): the database columns hold local times, as the forms give them.
- **Contact details** a citizen types (`phone`, `identity_number`): a Vietnamese phone number (0 and
  9–10 more digits, or +84), a 12-digit citizen identity number or a 9-digit former ID card number —
  checked alike by every form that takes them, with the same Vietnamese message.
- **Exports** (DOCX, XLSX) write XML, which cannot hold most C0 characters: `xml_safe` drops them from
  text already stored before these checks existed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from zoneinfo import ZoneInfo

from django.conf import settings

from .errors import DomainError

# C0 control characters (U+0000–U+001F) other than tab, line feed and carriage return, and lone
# surrogates (only a JSON "\\uD800" escape can produce one in Python text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# ...and with tab, line feed and carriage return too: a path, a one-line value (a name, a code).
_CONTROL_ANY = re.compile(r"[\x00-\x1f\ud800-\udfff]")
# What XML 1.0 cannot hold (§2.2 Char): C0 but tab/LF/CR, surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_MIN, DATE_MAX = dt.date(YEAR_MIN, 1, 1), dt.date(YEAR_MAX, 12, 31)
MAX_PAGE = 100_000  # far past any real list, far below what overflows an OFFSET
MAX_OFFSET = 10_000_000


class Code:
    INVALID_CHARACTERS = "invalid_characters"
    INVALID_NUMBER = "invalid_number"
    INVALID_PARAMETER = "invalid_parameter"
    INVALID_COORDINATES = "invalid_coordinates"
    INVALID_TIME = "invalid_time"


_PHONE = re.compile(r"^0[0-9]{9,10}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


class InputError(DomainError):
    """Input no rule of the law is about — malformed rather than refused: always 400."""

    status = 400


def _where(field: str | None) -> str:
    return f" (trường “{field}”)" if field else ""


def has_control(text: str, *, multiline: bool = True) -> bool:
    return bool((_CONTROL if multiline else _CONTROL_ANY).search(text))


def characters_error(field: str | None = None) -> InputError:
    return InputError(
        Code.INVALID_CHARACTERS,
        f"Dữ liệu gửi lên có ký tự điều khiển không hợp lệ{_where(field)}. Vui lòng xóa ký tự đó và gửi lại.",
        message_en="The input contains control characters that are not allowed"
                   + (f" (field {field})." if field else "."),
        field=field,
    )


def text(value: str | None, *, field: str | None = None) -> str:
    """The value itself, or InputError when it holds a control character (tab and line breaks allowed)."""
    if value and _CONTROL.search(value):
        raise characters_error(field)
    return value or ""


def one_line(value: str | None, *, field: str | None = None) -> str:
    """A name, a code, a title: no control character at all, line breaks included."""
    if value and _CONTROL_ANY.search(value):
        raise characters_error(field)
    return value or ""


def without_controls(text: str) -> str:
    """The text with its control characters dropped (tab and line breaks kept): to echo a refused
    value back in a report or a message."""
    return _CONTROL.sub("", text)


def xml_safe(value):
    """Text an XML document (DOCX, XLSX) can hold: what XML 1.0 forbids dropped. Other values pass."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    return value


def first_control(data, path: str = "") -> str | None:
    """The path ("body.items.2.name") of the first string holding a control character in decoded JSON
    (keys included), or None."""
    if isinstance(data, str):
        return (path or "body") if _CONTROL.search(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _CONTROL.search(key):
                return where
            found = first_control(value, where)
            if found:
                return found
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found = first_control(value, f"{path}.{i}" if path else str(i))
            if found:
                return found
    return None


class NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str):
    raise NonFiniteNumber(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses as inf
        raise NonFiniteNumber(text)
    return value


def json_loads(raw: str | bytes):
    """json.loads without Python's extensions to JSON: NaN, Infinity, -Infinity and numbers too large
    for a float raise NonFiniteNumber (RFC 8259 §6); malformed JSON raises ValueError as usual."""
    return json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)


def number_error(field: str | None = None) -> InputError:
    return InputError(Code.INVALID_NUMBER,
                      f"Số không hợp lệ{_where(field)}: NaN, vô cực hoặc số quá lớn không được chấp nhận.",
                      message_en="Invalid number: NaN, Infinity and out-of-range numbers are not accepted.",
                      field=field)


def finite(value, *, field: str | None = None) -> float | None:
    """A float from a form or JSON value ("" and None → None), refusing NaN and ±Infinity."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise number_error(field) from None
    if not math.isfinite(number):
        raise number_error(field)
    return number


def finite_or_none(value: float | None) -> float | None:
    """A stored number as JSON can carry it: NaN and ±Infinity (which RFC 8259 §6 forbids) → null."""
    return value if isinstance(value, int | float) and math.isfinite(value) else None


def coordinates(lat, lon) -> tuple[float | None, float | None]:
    """WGS 84 latitude and longitude (RFC 7946 §4; Open311 GeoReport v2 `lat`/`long`): both or neither,
    finite, −90…90 and −180…180."""
    lat_f, lon_f = finite(lat, field="lat"), finite(lon, field="lon")
    if lat_f is None and lon_f is None:
        return None, None
    if lat_f is None or lon_f is None or not (-90 <= lat_f <= 90) or not (-180 <= lon_f <= 180):
        raise InputError(Code.INVALID_COORDINATES,
                         "Tọa độ không hợp lệ: cần cả vĩ độ (−90 đến 90) và kinh độ (−180 đến 180).",
                         message_en="Invalid coordinates: give both latitude (−90 to 90) and longitude (−180 to 180).",
                         field="lat" if lat_f is None or not (-90 <= lat_f <= 90) else "lon")
    return lat_f, lon_f


def _parameter_error(message: str, message_en: str, field: str) -> InputError:
    return InputError(Code.INVALID_PARAMETER, message, message_en=message_en, field=field)


def year(value, *, field: str = "year", low: int = YEAR_MIN, high: int = YEAR_MAX) -> int | None:
    """A year from a query parameter ("" and None → None) within low…high."""
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not (low <= number <= high):
        raise _parameter_error(f"Năm không hợp lệ: chỉ nhận từ {low} đến {high}.",
                               f"Invalid year: from {low} to {high} only.", field)
    return number


def page_number(value, *, field: str = "page") -> int:
    """A page number from a query parameter (missing → 1), 1…MAX_PAGE."""
    if value is None or value == "":
        return 1
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not (1 <= number <= MAX_PAGE):
        raise _parameter_error(f"Số trang không hợp lệ: chỉ nhận từ 1 đến {MAX_PAGE}.",
                               f"Invalid page number: 1 to {MAX_PAGE} only.", field)
    return number


def offset(value, *, field: str = "offset") -> int:
    """A row offset, 0…MAX_OFFSET (negative → 0, as the lists always read it)."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        number = None
    if number is None or number > MAX_OFFSET:
        raise _parameter_error(f"Vị trí bắt đầu (offset) không hợp lệ: tối đa {MAX_OFFSET}.",
                               f"Invalid offset: at most {MAX_OFFSET}.", field)
    return max(number, 0)


def date_bounded(value: dt.date | None, *, field: str) -> dt.date | None:
    if value is not None and not (DATE_MIN <= value <= DATE_MAX):
        raise _parameter_error(f"Ngày không hợp lệ: chỉ nhận từ {DATE_MIN:%d/%m/%Y} đến {DATE_MAX:%d/%m/%Y}.",
                               f"Invalid date: from {DATE_MIN} to {DATE_MAX} only.", field)
    return value


def date_range(start: dt.date, end: dt.date, *, max_days: int | None = None) -> tuple[dt.date, dt.date]:
    """A start and end within DATE_MIN…DATE_MAX, the end not before the start, at most max_days long."""
    date_bounded(start, field="start")
    date_bounded(end, field="end")
    if end < start:
        raise _parameter_error("Ngày kết thúc không được trước ngày bắt đầu.", "The end is before the start.", "end")
    if max_days is not None and (end - start).days + 1 > max_days:
        raise _parameter_error(f"Khoảng thời gian quá dài: tối đa {max_days} ngày.",
                               f"The range is too long: at most {max_days} days.", "end")
    return start, end


def local_time(value: dt.time | None, *, on: dt.date, field: str = "start_time") -> dt.time | None:
    """A time of day as the database holds it: Vietnam's local time, without offset. A time sent with
    an offset ("02:00:00Z", "09:00:00+07:00") is converted on the given date; one that would fall on
    another local day is refused rather than silently moved."""
    if value is None or value.tzinfo is None or value.utcoffset() is None:
        return value
    local = dt.datetime.combine(on, value).astimezone(ZoneInfo(settings.TIME_ZONE))
    if local.date() != on:
        raise InputError(Code.INVALID_TIME,
                         "Giờ gửi kèm múi giờ khác rơi sang ngày khác theo giờ Việt Nam; vui lòng ghi giờ Việt Nam.",
                         message_en="With its UTC offset the time falls on another day in Vietnam; send local time.",
                         field=field)
    return local.time().replace(tzinfo=None)


def phone(value: str | None, *, field: str = "phone") -> str:
    """A phone number as it is stored ("0912345678"): spaces, dots, dashes and brackets dropped, +84 read
    as 0; "" when none was given. Anything else is refused (a domain error, shown on the form)."""
    digits = _PHONE_SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not _PHONE.match(digits):
        raise DomainError("phone_invalid", "Số điện thoại không hợp lệ: 10 hoặc 11 chữ số, bắt đầu bằng 0 (hoặc +84).",
                          message_en="Invalid phone number: 10 or 11 digits starting with 0 (or +84).", field=field)
    return digits


def identity_number(value: str | None, *, field: str = "id_number") -> str:
    """A citizen identity number (CCCD, 12 digits) or a former identity card number (CMND, 9 digits);
    "" when none was given."""
    digits = re.sub(r"\s", "", value or "")
    if not digits:
        return ""
    if not (digits.isascii() and digits.isdigit() and len(digits) in (9, 12)):
        raise DomainError("id_number_invalid", "Số định danh cá nhân / căn cước công dân gồm 12 chữ số "
                          "(chứng minh nhân dân cũ: 9 chữ số).",
                          message_en="A citizen identity number has 12 digits (a former ID card: 9).", field=field)
    return digits
