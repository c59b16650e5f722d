"""The indicator registry: what every area app counts, announced so that `reports` never edits itself.

Each area app declares its indicators in `<app>/indicators.py` and registers them in its
AppConfig.ready(). `reports` reads the registry to build dashboards, roll-up tables and the
Steering Committee's reports; a new figure is one `register_indicator` call.

A counter is a selector with one signature for every indicator:

    counter(*, start: date, end: date, unit_ids: Collection[int] | None = None) -> Iterable[(unit_id, day, n)]

- `start`/`end` are inclusive calendar dates; `day` is the date the record counts on (held,
  published, received, due...), always within [start, end];
- `unit_id` is the administrative unit the record belongs to (a record of an organization counts
  on the organization's unit); `unit_ids=None` means every unit (the roll-up refresh), otherwise
  only those units (a direct count for a subtree; `reports` expands the subtree and the units
  that the 2025 reform merged into it);
- `n` is summed: a count of records, or an amount (households, VND) where the measure says so.

The same counter therefore serves a direct count and the roll-up table, and a test can compare
them. Ratios (on time, turnout) are declared with `ratio_of=(numerator_code, denominator_code)`
and no counter: `reports` divides the sums.

Every counter indicator also declares the records behind its figure, for the drill-down page:

    records(*, start: date, end: date, unit_ids: Collection[int] | None, limit: int) -> list[(unit_id, day, title, url)]

- the same records, filtered the same way as the counter (one row per record counted; for an
  amount, the record the amount is recorded on, its amount in the title), `unit_id` and `day` as
  the counter's, ordered by day then unit, at most `limit` rows;
- `title` is what the public may read (a case shows its tracking code, kind and status, never the
  filer's identity or the text of the case); `url` is the record's own page, or "" where it has none.
  An officer page is permission-checked by its own rule, so a link never shows more than the reader
  may see.

Names, definitions and measures are Vietnamese, marked with gettext_noop so that the catalogue
holds their English: documents the Committee signs use them as they are, pages show
`label(indicator.name)` (core.labels) in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext, pgettext

MEASURE_CONTEXT = "đơn vị tính"  # "ngày" as a unit of measure is "days", not the "dated" of a document line

Row = tuple[int, dt.date, int]
Counter = Callable[..., Iterable[Row]]
Record = tuple[int, dt.date, str, str]
Records = Callable[..., list[Record]]


@dataclass(frozen=True)
class Indicator:
    code: str                     # stable, e.g. "cases.received"; used in URLs, exports, the roll-up table
    name: str                     # Vietnamese, as a Steering Committee report words it
    definition: str               # what is counted, and on which date, in one Vietnamese sentence
    measure: str                  # unit of measure in Vietnamese: "vụ việc", "cuộc", "hộ", "%", "đồng"
    pillar: str                   # know/discuss/act/inspect/supervise/benefit (core.pillars), or "workplace"
    counter: Counter | None = None
    ratio_of: tuple[str, str] | None = None
    records: Records | None = None  # the records behind a counter's figure (module docstring)
    drill_url_name: str = ""      # a page listing the records behind the figure: reverse(name, args=[unit.code]) + ?from=&to=
    order: int = 100
    article: str = ""             # where the law asks for it, e.g. "Luật 10/2022/QH15, Điều 11"

    @property
    def measure_label(self) -> str:
        """The unit of measure in the reader's language: the catalogue's entry in the context
        "đơn vị tính" where a word means something else elsewhere, else the word's own entry."""
        if not self.measure:
            return ""
        text = pgettext(MEASURE_CONTEXT, self.measure)
        return text if text != self.measure else gettext(self.measure)

    def __post_init__(self):
        if (self.counter is None) == (self.ratio_of is None):
            raise ValueError(f"indicator {self.code}: exactly one of counter or ratio_of")
        if self.records is not None and self.counter is None:
            raise ValueError(f"indicator {self.code}: a ratio lists the records of its parts, not its own")


_REGISTRY: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> None:
    existing = _REGISTRY.get(indicator.code)
    if existing is not None and existing != indicator:
        raise ValueError(f"indicator {indicator.code} registered twice with different definitions")
    _REGISTRY[indicator.code] = indicator


def indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.code))


def indicator(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def _field(model, path: str):
    """The model field at the end of a `a__b__c` lookup path."""
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return field


def in_period(qs: QuerySet, *, unit_field: str, day_field: str, start: dt.date, end: dt.date,
              unit_ids: Collection[int] | None = None) -> QuerySet:
    """`qs` filtered to the period (and units), annotated with `_day` (the date the record counts on).

    `day_field` may be a DateField or a DateTimeField (then truncated to the date in the project's
    time zone)."""
    is_datetime = _field(qs.model, day_field).get_internal_type() == "DateTimeField"
    day_lookup = f"{day_field}__date" if is_datetime else day_field
    qs = qs.filter(**{f"{day_lookup}__gte": start, f"{day_lookup}__lte": end})
    if unit_ids is not None:
        qs = qs.filter(**{f"{unit_field}__in": list(unit_ids)})
    return qs.annotate(_day=TruncDate(day_field) if is_datetime else F(day_field))


def grouped_count(qs: QuerySet, *, unit_field: str, day_field: str, start: dt.date, end: dt.date,
                  unit_ids: Collection[int] | None = None, value=None) -> list[Row]:
    """The usual counter body: filter `qs` to the period (and units), group by unit and day.
    `value` is an aggregate (default Count("pk")) for indicators that sum an amount.
    """
    qs = in_period(qs, unit_field=unit_field, day_field=day_field, start=start, end=end, unit_ids=unit_ids)
    rows = qs.values_list(unit_field, "_day").annotate(_n=value if value is not None else Count("pk")).order_by()
    return [(u, d, n or 0) for u, d, n in rows]


def listed_records(qs: QuerySet, *, unit_field: str, day_field: str, start: dt.date, end: dt.date,
                   unit_ids: Collection[int] | None, limit: int,
                   describe: Callable[[object], tuple[str, str]]) -> list[Record]:
    """The usual records body: the same filter as `grouped_count`, one row per record, ordered by day,
    unit and id; `describe(obj)` gives the record's public title and its page ("" for none). Reach
    related rows the title needs with `qs.select_related(...)` before calling."""
    qs = in_period(qs, unit_field=unit_field, day_field=day_field, start=start, end=end, unit_ids=unit_ids)
    qs = qs.annotate(_unit=F(unit_field)).order_by("_day", "_unit", "pk")[:max(0, int(limit))]
    out = []
    for obj in qs:
        title, url = describe(obj)
        out.append((obj._unit, obj._day, title, url))
    return out
