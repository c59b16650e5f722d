"""Reads over disclosures, shared by pages, the API, the transparency log check and reports.

Public reads: disclosures of a unit that are published or withdrawn (withdrawn ones stay visible
with their reason). Drafts are seen only by those who may publish for that unit. Disclosures of
an organization (agency, enterprise) are internal to it (Arts. 46–48, 64–66): not in public lists.

Every read of what is not public declares its rule (core.access.guard): outside the caller's scope
it answers NotFound (404, as for an id that does not exist), inside without the right
PermissionDenied (403). An organization's records are reached only by grants on the organization:
a commune officer does not see an enterprise's drafts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256 as _sha256
from itertools import groupby
from json.encoder import encode_basestring as _encode_basestring  # the C escaper json.dumps uses

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from danchu.core.access import allowed, fetch, guard
from danchu.core.errors import NotFound
from danchu.core.permissions import unit_scope_q
from danchu.core.roles import Action
from danchu.core.text import query_words
from danchu.core.transparency import format_at, sql_format_at
from danchu.units.models import Level, Organization, OrganizationKind, Unit

from .models import (
    Attachment,
    Disclosure,
    DisclosureCategory,
    DisclosureQuestion,
    DisclosureVersion,
    Periodicity,
    PersonRow,
    Scope,
    Status,
)

NOT_FOUND = "Không tìm thấy thông tin công khai này."
NOT_FOUND_EN = "Disclosure not found."


# --- catalogue -------------------------------------------------------------------------------


def category_list(*, scope: str | None = None) -> QuerySet[DisclosureCategory]:
    qs = DisclosureCategory.objects.filter(is_active=True)
    if scope:
        qs = qs.filter(scope=scope)
    return qs.order_by("scope", "position")


def category_get(*, code: str) -> DisclosureCategory:
    category = DisclosureCategory.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise NotFound("Không có danh mục công khai này.", message_en="No such disclosure category.")
    return category


# --- single disclosure --------------------------------------------------------------------------


def _with_related(qs: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return qs.select_related("unit", "category", "organization")


def may_edit(user, disclosure: Disclosure) -> bool:
    """What a page shows (the edit links, a draft's versions): the rule of the services that change a
    disclosure (DISCLOSURE_PUBLISH on its organization, else its unit), through core.access."""
    return allowed(user, Action.DISCLOSURE_PUBLISH, disclosure)


def _authorize_read(user, disclosure: Disclosure) -> None:
    """A commune's published or withdrawn disclosure is public. Anything else is read under a
    declared rule: a draft by those who may change it, an organization's disclosure by its people."""
    if not disclosure.is_public:
        disclosure_get_for_edit.authorize(user=user, pk=disclosure.pk)
    elif disclosure.organization_id is not None:
        disclosure_list_for_organization.authorize(user=user, organization=disclosure.organization)


def disclosure_get(*, user, pk: int, unit_code: str | None = None) -> Disclosure:
    """A disclosure the user may read. A draft or an organization's disclosure outside the user's
    scope is NotFound (never reveals that it exists); inside it without the right, PermissionDenied."""
    qs = _with_related(Disclosure.objects.filter(pk=pk))
    if unit_code is not None:
        qs = qs.filter(unit__code=unit_code)
    disclosure = qs.first()
    if disclosure is None:
        raise NotFound(NOT_FOUND, message_en=NOT_FOUND_EN)
    _authorize_read(user, disclosure)
    return disclosure


# Law Art. 14 (the commune People's Committee), Arts. 46-48, 64-66 (the head of an agency or
# enterprise): those who may publish there change a disclosure, drafts included.
@guard(Action.DISCLOSURE_PUBLISH, on=fetch(Disclosure, "pk"))
def disclosure_get_for_edit(*, user, pk: int) -> Disclosure:
    """A disclosure the user may change (draft, publish, correct, withdraw)."""
    disclosure = _with_related(Disclosure.objects.filter(pk=pk)).first()
    if disclosure is None:
        raise NotFound(NOT_FOUND, message_en=NOT_FOUND_EN)
    return disclosure


def version_list(*, disclosure: Disclosure, include_drafts: bool = False) -> list[DisclosureVersion]:
    qs = disclosure.versions.prefetch_related("attachments", "people").order_by("-number")
    if not include_drafts:
        qs = qs.filter(published_at__isnull=False)
    return list(qs)


def version_get(*, disclosure: Disclosure, number: int, include_drafts: bool = False) -> DisclosureVersion:
    qs = disclosure.versions.prefetch_related("attachments", "people").filter(number=number)
    if not include_drafts:
        qs = qs.filter(published_at__isnull=False)
    version = qs.first()
    if version is None:
        raise NotFound("Không có phiên bản này.", message_en="No such version.")
    return version


def current_version(disclosure: Disclosure) -> DisclosureVersion:
    return version_get(disclosure=disclosure, number=disclosure.current_version, include_drafts=True)


def attachment_get(*, user, pk: int):
    """A stored file, under the rule of its disclosure (a draft's file: those who may change it)."""
    att = Attachment.objects.select_related("version__disclosure__unit", "version__disclosure__organization",
                                            "version__disclosure__category").filter(pk=pk).first()
    if att is None:
        raise NotFound()
    disclosure = att.version.disclosure
    _authorize_read(user, disclosure)
    if att.version.published_at is None:
        disclosure_get_for_edit.authorize(user=user, pk=disclosure.pk)
    return att


# --- lists and search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    status: str | None = None  # published | withdrawn | draft (draft: editors only)
    year: int | None = None
    q: str = ""


def _apply_filters(qs: QuerySet[Disclosure], f: Filters) -> QuerySet[Disclosure]:
    if f.category:
        qs = qs.filter(category__code=f.category)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        # "Period": the year the content covers, or else the year it was published.
        qs = qs.filter(Q(period_start__year__lte=f.year, period_end__year__gte=f.year)
                       | Q(period_start__isnull=True, published_on__year=f.year)
                       | Q(period_start__year=f.year, period_end__isnull=True))
    return _search(qs, f.q) if f.q.strip() else qs


# A search ranks among at most this many of the newest matches, plus as many of the newest whose
# title holds every word (so a good title match is never lost behind newer mentions in bodies).
# 200 are eight pages of 25: past that the page says "more than 200, add a word" — what a citizen
# on a phone does — instead of reading five times as far back for pages nobody opens.
SEARCH_CANDIDATES = 200
# Title matches older than the newest SEARCH_CANDIDATES matches: the newest this many. They rank
# first, and 100 are four pages of them.
SEARCH_TITLE_CANDIDATES = 100
# How the newest matches are found (the same rows on every database, only the cost differs):
# first the newest SEARCH_PROBE rows of the scope are read newest first (the display-order index)
# and the words checked on each; when that does not already give the candidates, the share of
# matches it found tells how far a newest-first read would have to go — up to SEARCH_WINDOW rows
# (about a µs a row) it goes on that way; beyond it the matches are rare enough that fetching
# them all from an index and keeping the newest is cheaper: PostgreSQL's full-text GIN index
# (migration 0005), a plain scan on SQLite. Newest first with a limit is what PostgreSQL cannot
# plan well from LIKE statistics (it misjudges how many rows several words together match),
# hence the explicit choice.
SEARCH_PROBE = 3_000
SEARCH_WINDOW = {"search_text": 100_000, "search_title": 60_000}
# On PostgreSQL the newest-first read goes on only while it is cheaper than the full-text index
# (see _newest_matching) and never past this many rows.
SEARCH_WINDOW_PG = 60_000


def _like(word: str) -> str:
    # Words hold only [a-z0-9] (core.text.search_words): no LIKE wildcard to escape.
    return f"% {word} %"


def _window_matches(qs: QuerySet[Disclosure], conditions: list[tuple[str, list[str]]], limit: int, start: int,
                    stop: int) -> tuple[list[int], bool]:
    """pks of the `limit` newest rows among rows start..stop-1 of qs (newest first) whose columns
    hold every word, newest first — read newest first and stopped as soon as `limit` are found;
    and whether the scope goes on beyond `stop` (when fewer are found)."""
    columns = {f"w_c{i}": F(column) for i, (column, _words) in enumerate(conditions)}
    newest = qs.order_by("-published_at", "-id")
    inner = newest.values(w_id=F("pk"), w_at=F("published_at"), **columns)[start:stop]
    sql, params = inner.query.sql_with_params()
    where = " AND ".join(f"w.w_c{i} LIKE %s" for i, (_column, words) in enumerate(conditions) for _ in words)
    likes = [_like(word) for _column, words in conditions for word in words]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT w.w_id FROM ({sql}) w WHERE {where} "  # noqa: S608 (aliases and parameters only)
                       "ORDER BY w.w_at DESC, w.w_id DESC LIMIT %s", [*params, *likes, limit])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) >= limit:
        return ids, True
    return ids, newest.values("pk")[stop - 1:stop].exists()


def _all_matching(qs: QuerySet[Disclosure], column: str, words: list[str], limit: int) -> list[int]:
    """pks of the `limit` newest rows of qs whose `column` holds every word at a word
    start — reached when the probe showed the matches are rare (under SEARCH_CANDIDATES /
    SEARCH_WINDOW of the rows). On PostgreSQL through the full-text GIN index on the column (the
    'simple' parser splits the stored words exactly where `search_words` put spaces, so `word`
    and `LIKE '% word %'` agree), with plain index scans and sequential scans turned off for that
    one statement: the planner, misjudging how many rows several words match together, would
    otherwise read the table newest first and parse every row's text. Rare matches make the
    bitmap small; the newest are then sorted out of it."""
    newest = ("-published_at", "-id")
    if connection.vendor != "postgresql":
        matches = qs
        for word in words:
            matches = matches.filter(**{f"{column}__contains": f" {word} "})
        return list(matches.order_by(*newest).values_list("pk", flat=True)[:limit])
    table = Disclosure._meta.db_table
    matches = qs.filter(RawSQL(  # noqa: S611 (the table and column names are ours, the words a parameter)
        f"to_tsvector('simple'::regconfig, {table}.{column}) @@ to_tsquery('simple'::regconfig, %s)",
        [" & ".join(words)], output_field=BooleanField()))
    sql, params = matches.order_by(*newest).values_list("pk", flat=True)[:limit].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]
        finally:  # back to the defaults for the rest of an enclosing transaction
            cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def _table_rows() -> int:
    """PostgreSQL's own estimate of the number of disclosures (kept by ANALYZE/autovacuum): what
    the full-text path would have to fetch at most, for the cost comparison below."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [Disclosure._meta.db_table])
        row = cursor.fetchone()
    return max(int(row[0]) if row else 0, 1)


# Relative costs on PostgreSQL, measured on the benchmark data: reading a row newest first and
# comparing its words (sequential heap pages) vs. fetching one full-text match (a random heap page).
WINDOW_ROW_COST = 1.0
FTS_MATCH_COST = 8.0


def _newest_matching(qs: QuerySet[Disclosure], conditions: list[tuple[str, list[str]]], limit: int) -> list[int]:
    """pks of the `limit` newest rows of qs whose columns hold every word (see SEARCH_PROBE)."""
    ids, more = _window_matches(qs, conditions, limit, 0, SEARCH_PROBE)
    if len(ids) >= limit or not more:
        return ids  # enough found, or the probe read the whole scope
    column, words = conditions[0]
    if connection.vendor == "postgresql":
        # The probe's share of matches says how far a newest-first read must go (limit / share)
        # and how many rows the index would hand over (share × rows): the cheaper one wins.
        share = len(ids) / SEARCH_PROBE
        reach = limit / share if share else float("inf")
        if reach * WINDOW_ROW_COST <= share * _table_rows() * FTS_MATCH_COST and reach <= SEARCH_WINDOW_PG:
            older, more = _window_matches(qs, conditions, limit - len(ids), SEARCH_PROBE, int(reach * 1.5) + SEARCH_PROBE)
            ids += older
            if len(ids) >= limit or not more:
                return ids
        return _all_matching(qs, column, words, limit)
    window = SEARCH_WINDOW[column]
    if ids and limit * SEARCH_PROBE // len(ids) <= window:  # dense enough: on, newest first
        older, more = _window_matches(qs, conditions, limit - len(ids), SEARCH_PROBE, window)
        ids += older
        if len(ids) >= limit or not more:
            return ids
    return _all_matching(qs, column, words, limit)


def _search(qs: QuerySet[Disclosure], q: str) -> QuerySet[Disclosure]:
    """Every word must be a word of the disclosure (diacritics, case and punctuation ignored:
    "ke hoach su dung dat" finds "Kế hoạch sử dụng đất", "ho ngheo" does not find "thôn ... chợ");
    ranked: whole phrase in the title, all words in the title, whole phrase in the text, then the
    rest; newest first within a rank.

    Limited early, so that a common word over a million disclosures costs short reads instead of
    ranking every match: the candidates are the newest SEARCH_CANDIDATES matches and the newest
    SEARCH_TITLE_CANDIDATES title matches (see SEARCH_PROBE for how they are found); the rank orders
    those."""
    words = query_words(q)
    if not words:  # punctuation only ("&"): nothing to match, still ordered by rank as the callers ask
        return qs.none().annotate(rank=Value(3, output_field=IntegerField()))
    phrase = f" {' '.join(words)} "
    # The longest words first: the likeliest to rule a row out with the first comparison.
    words = sorted(words, key=len, reverse=True)
    all_in_title = Q()
    for word in words:
        all_in_title &= Q(search_title__contains=f" {word} ")
    ids = set(_newest_matching(qs, [("search_text", words)], SEARCH_CANDIDATES))
    if len(ids) == SEARCH_CANDIDATES:  # there may be older title matches
        # The title is part of the text: a title holding every word is a text match too.
        ids.update(_newest_matching(qs, [("search_title", words)], min(SEARCH_TITLE_CANDIDATES, SEARCH_CANDIDATES)))
    return qs.filter(pk__in=sorted(ids)).annotate(
        rank=Case(
            When(search_title__contains=phrase, then=Value(0)),
            When(all_in_title, then=Value(1)),
            When(search_text__contains=phrase, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("rank", "-published_at", "-id")


def disclosure_list_public(*, unit: Unit, filters: Filters = Filters()) -> QuerySet[Disclosure]:
    """What a citizen sees on a unit's page: published and withdrawn disclosures of the unit itself
    (a commune) or, for a province, of every commune below it."""
    if filters.status not in (None, "", Status.PUBLISHED, Status.WITHDRAWN):
        filters = Filters(filters.category, None, filters.year, filters.q)
    qs = Disclosure.objects.filter(organization__isnull=True).exclude(status=Status.DRAFT)
    qs = qs.filter(unit=unit) if unit.level in (Level.COMMUNE, Level.HAMLET) else qs.filter(unit_path__startswith=unit.path)
    return _apply_filters(qs.select_related("category", "unit"), filters).order_by(
        *(["rank"] if filters.q.strip() else []), "-published_at", "-id"
    )


def disclosure_search(*, q: str, unit: Unit | None = None, filters: Filters | None = None) -> QuerySet[Disclosure]:
    """Public search across every unit (or a unit's subtree)."""
    f = filters or Filters()
    f = Filters(f.category, f.status if f.status in (Status.PUBLISHED, Status.WITHDRAWN) else None, f.year, q)
    qs = Disclosure.objects.filter(organization__isnull=True).exclude(status=Status.DRAFT)
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    return _apply_filters(qs.select_related("category", "unit"), f)


@guard(Action.DISCLOSURE_PUBLISH, on="unit")
def disclosure_list_for_editor(*, user, unit: Unit, filters: Filters = Filters()) -> QuerySet[Disclosure]:
    """Everything (drafts too) of the unit's subtree, for those who may publish there: the commune's
    own disclosures — an organization's are its own (disclosure_list_for_organization)."""
    qs = Disclosure.objects.filter(organization__isnull=True, unit_path__startswith=unit.path)
    qs = _apply_filters(qs.select_related("category", "unit", "organization"), filters)
    return qs if filters.q.strip() else qs.order_by("-created_at", "-id")


def disclosure_list_for_editor_in_scope(*, user, filters: Filters = Filters()) -> QuerySet[Disclosure]:
    """The same, across every unit the user's own grants allow publishing in (no target to check:
    the rows are those the grants reach, core.permissions.unit_scope_q); an organization's are not
    included."""
    qs = Disclosure.objects.filter(unit_scope_q(user, Action.DISCLOSURE_PUBLISH, field="unit_path"),
                                   organization__isnull=True)
    qs = _apply_filters(qs.select_related("category", "unit", "organization"), filters)
    return qs if filters.q.strip() else qs.order_by("-created_at", "-id")


# Arts. 46-48, 64-66: an organization's disclosures are made known to the people working there —
# its staff read them (any grant on it with UNIT_VIEW_PRIVATE), its head publishes.
_ORGANIZATION_READ = (Action.DISCLOSURE_PUBLISH, Action.UNIT_VIEW_PRIVATE)


@guard(any_of=_ORGANIZATION_READ, on=fetch(Organization, "org_id", select_related=("unit",)))
def organization_for(*, user, org_id: int) -> Organization:
    """An agency or enterprise whose internal disclosures the user may read."""
    org = Organization.objects.select_related("unit").filter(pk=org_id).first()
    if org is None:
        raise NotFound("Không tìm thấy cơ quan, doanh nghiệp này.", message_en="Organization not found.")
    return org


@guard(lambda a: (Action.DISCLOSURE_PUBLISH,) if a.get("drafts") else _ORGANIZATION_READ, on="organization")
def disclosure_list_for_organization(*, user, organization: Organization, drafts: bool = False,
                                     filters: Filters = Filters()) -> QuerySet[Disclosure]:
    """An organization's disclosures: the published and withdrawn ones for its staff; with `drafts`,
    the drafts too, for those who may publish there."""
    qs = Disclosure.objects.filter(organization=organization)
    if not drafts:
        qs = qs.exclude(status=Status.DRAFT)
    return _apply_filters(qs.select_related("category", "unit", "organization"), filters).order_by(
        *(["rank"] if filters.q.strip() else []), "-published_at", "-id")


def organization_categories(organization: Organization) -> QuerySet[DisclosureCategory]:
    """The catalogue's part for this kind of organization: agencies and public service units
    (Arts. 46-48), enterprises (Arts. 64-66)."""
    scope = Scope.ENTERPRISE if organization.kind == OrganizationKind.ENTERPRISE else Scope.AGENCY
    return category_list(scope=scope)


@guard(Action.DISCLOSURE_PUBLISH, on="unit")
def question_list(*, user, unit: Unit) -> QuerySet[DisclosureQuestion]:
    """Citizens' questions about the disclosures of the unit's subtree, for those who may publish
    there (questions about an organization's internal disclosures stay with the organization)."""
    return DisclosureQuestion.objects.filter(unit_path__startswith=unit.path, disclosure__organization__isnull=True) \
        .select_related("disclosure", "author").order_by("-asked_at", "-id")


def question_list_for_disclosure(*, user, disclosure: Disclosure) -> QuerySet[DisclosureQuestion]:
    """Every question for those who may publish there; a citizen sees their own (with the tracking
    code of the feedback case it became — a code that only its holder should have). The disclosure
    was read under its rule (disclosure_get)."""
    if may_edit(user, disclosure):
        return disclosure.questions.select_related("author").order_by("-asked_at")
    if getattr(user, "is_authenticated", False):
        return disclosure.questions.filter(author=user).select_related("author").order_by("-asked_at")
    return DisclosureQuestion.objects.none()


# --- statutory timing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    category: DisclosureCategory
    period_label: str
    period_start: dt.date
    period_end: dt.date


def _quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    q0 = (day.month - 1) // 3 * 3 + 1
    start = dt.date(day.year, q0, 1)
    end = dt.date(day.year + (q0 == 10), 1 if q0 == 10 else q0 + 3, 1) - dt.timedelta(days=1)
    return start, end


@guard(Action.DISCLOSURE_PUBLISH, on="unit")
def due_items(*, user, unit: Unit, today: dt.date | None = None) -> list[DueItem]:
    """Periodic statutory items of a commune not yet published for their period: the publishing
    officers' reminders.

    Yearly items (socio-economic plan, budget estimate, final accounts): nothing published yet
    that covers the current year. Quarterly items (budget execution, Art. 11(2); the list of
    disclosures, Art. 13(2)): nothing published for the quarter that has just ended.
    """
    if unit.level != Level.COMMUNE:
        return []
    today = today or timezone.localdate()
    cats = list(category_list(scope=Scope.COMMUNE).exclude(periodicity=Periodicity.NONE))
    published = Disclosure.objects.filter(unit=unit, organization__isnull=True, status=Status.PUBLISHED,
                                          category__in=cats)
    result = []
    for cat in cats:
        if cat.periodicity == Periodicity.YEAR:
            start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
            label = f"năm {today.year}"
        else:
            start, end = _quarter_bounds(_quarter_bounds(today)[0] - dt.timedelta(days=1))
            label = f"quý {(start.month - 1) // 3 + 1}/{start.year}"
        covered = published.filter(category=cat).filter(
            Q(period_start__lte=end, period_end__gte=start)
            | Q(period_start__isnull=True, published_on__gte=start if cat.periodicity == Periodicity.YEAR else end)
            | Q(period_start__gte=start, period_start__lte=end, period_end__isnull=True)
        ).exists()
        if not covered:
            result.append(DueItem(cat, label, start, end))
    return result


# --- indicators for reports ---------------------------------------------------------------------------


def disclosure_indicators(*, unit: Unit, date_from: dt.date, date_to: dt.date, by_unit: bool = True) -> list[dict]:
    """Disclosures first published between two dates (inclusive) in a unit's subtree, per category
    (and per unit): how many, how many on time (Art. 12(3), 47(2), 65(2)), late, and with no
    decision date to judge by. Withdrawn ones count (they were published); drafts do not."""
    fields = ["category__code", "category__scope"] + (["unit__code"] if by_unit else [])
    rows = (
        Disclosure.objects.filter(unit_path__startswith=unit.path, published_on__gte=date_from, published_on__lte=date_to)
        .exclude(status=Status.DRAFT)
        .values(*fields)
        .annotate(
            n_published=Count("id"),
            n_on_time=Count("id", filter=Q(on_time=True)),
            n_late=Count("id", filter=Q(on_time=False)),
            n_no_deadline=Count("id", filter=Q(on_time__isnull=True)),
            n_withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN)),
        )
        .order_by(*fields)
    )
    return [
        {"category": r["category__code"], "scope": r["category__scope"], **({"unit": r["unit__code"]} if by_unit else {}),
         "published": r["n_published"], "on_time": r["n_on_time"], "late": r["n_late"],
         "no_deadline": r["n_no_deadline"], "withdrawn": r["n_withdrawn"]}
        for r in rows
    ]


# --- the transparency log's view of a disclosure ------------------------------------------------------


def _d(value) -> str | None:
    return value.isoformat() if value else None


def _ts(value) -> str | None:
    return format_at(value.replace(microsecond=0)) if value else None


def version_content(version: DisclosureVersion) -> dict:
    """Canonical content of one version: what a citizen reads, with each attachment's SHA-256."""
    return {
        "number": version.number,
        "title": version.title,
        "body": version.body,
        "channels": sorted(version.channels),
        "decision_ref": version.decision_ref,
        "decision_date": _d(version.decision_date),
        "effective_from": _d(version.effective_from),
        "effective_to": _d(version.effective_to),
        "period_start": _d(version.period_start),
        "period_end": _d(version.period_end),
        "correction_note": version.correction_note,
        "published_at": _ts(version.published_at),
        "attachments": [
            {"name": a.name, "kind": a.kind, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in sorted(version.attachments.all(), key=lambda a: (a.position, a.pk))
        ],
        "people": [
            {"full_name": p.full_name, "hamlet": p.hamlet, "benefit": p.benefit, "amount": p.amount}
            for p in sorted(version.people.all(), key=lambda p: (p.position, p.pk))
        ],
    }


def disclosure_log_payload(disclosure: Disclosure, versions: list[DisclosureVersion] | None = None) -> dict:
    """The record the log keeps for a disclosure: everything its public pages show — its state, the
    fields lists, feeds and badges read from the disclosure itself (title, dates, lateness, version
    number), its current version in full (attachments by SHA-256) and a SHA-256 of every earlier
    published version (so an edit to an old version is caught too).

    An organization's disclosure is internal to it (Law 10/2022 Arts. 46–48, 64–66): the public log
    keeps only the SHA-256 of that same content (`internal_content_sha256`), so that an edit behind
    the application's back is still caught without publishing what the law keeps internal."""
    from danchu.core.transparency import canonical_json, sha256_hex

    if versions is None:
        versions = list(disclosure.versions.filter(published_at__isnull=False).prefetch_related("attachments", "people"))
    published = sorted((v for v in versions if v.published_at is not None), key=lambda v: v.number)
    current = next((v for v in published if v.number == disclosure.current_version), None)
    full = {
        "type": "disclosure",
        "id": disclosure.pk,
        "unit": disclosure.unit.code,
        "organization": disclosure.organization_id,
        "category": disclosure.category.code,
        "status": disclosure.status,
        "title": disclosure.title,
        "current_version": disclosure.current_version,
        "decision_date": _d(disclosure.decision_date),
        "period_start": _d(disclosure.period_start),
        "period_end": _d(disclosure.period_end),
        "first_published_at": _ts(disclosure.published_at),
        "published_on": _d(disclosure.published_on),
        "posted_until": _d(disclosure.posted_until),
        "due_on": _d(disclosure.due_on),
        "on_time": disclosure.on_time,
        "withdrawn_at": _ts(disclosure.withdrawn_at),
        "withdrawn_reason": disclosure.withdrawn_reason,
        "current": version_content(current) if current else None,
        "history": [
            {"number": v.number, "content_sha256": sha256_hex(canonical_json(version_content(v))),
             "superseded_at": _ts(v.superseded_at)}
            for v in published
        ],
    }
    if disclosure.organization_id is None:
        return full
    return _internal_payload(disclosure.pk, disclosure.unit.code, disclosure.organization_id, disclosure.status,
                             sha256_hex(canonical_json(full)))


def _internal_payload(pk: int, unit_code: str, organization_id: int, status: str, content_sha256: str) -> dict:
    return {"type": "disclosure", "id": pk, "unit": unit_code, "organization": organization_id, "status": status,
            "internal_content_sha256": content_sha256}


def disclosure_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    """Every disclosure that is not a draft, as the log should show it now (for verify-log)."""
    qs = (
        Disclosure.objects.filter(pk__gt=after).exclude(status=Status.DRAFT)
        .select_related("unit", "category")
        .prefetch_related(
            Prefetch("versions", queryset=DisclosureVersion.objects.filter(published_at__isnull=False)
                     .prefetch_related("attachments", "people"), to_attr="published_versions")
        )
        .order_by("pk")[:limit]
    )
    return [(d.pk, disclosure_log_payload(d, d.published_versions)) for d in qs]


_DUMPS = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_ENC = _encode_basestring


def _merge(rows: Iterator[tuple], key) -> Iterator[tuple[object, list[tuple]]]:
    """Group an iterator of rows sorted by key(row) into (key, rows)."""
    for k, group in groupby(rows, key=key):
        yield k, list(group)


def disclosure_log_hashes(after: int = 0, limit: int | None = None, chunk: int = 5000) -> Iterator[tuple[int, str]]:
    """(pk, SHA-256 of canonical_json(disclosure_log_payload(d))) for every disclosure that is not a
    draft, ordered by pk — the same figures as `disclosure_log_records`, computed in bulk for
    verify-log: four streamed queries (disclosures, their published versions, attachments, people)
    merged in pk order, no query per record. Its output is held equal to the per-record form by
    a test."""

    base = Disclosure.objects.filter(pk__gt=after).exclude(status=Status.DRAFT).order_by("pk")
    if limit is not None:
        base = base[:limit]
        last_pk = max(base.values_list("pk", flat=True), default=None)
        if last_pk is None:
            return
        span = {"disclosure_id__gt": after, "disclosure_id__lte": last_pk}
    else:
        span = {"disclosure_id__gt": after}
    # On PostgreSQL the timestamps come as the log writes them (no datetime made and formatted per row).
    stamps = {f"{name}_text": sql_format_at(name, whole_seconds=True) for name in ("withdrawn_at", "published_at",
                                                                                   "superseded_at")}
    if stamps["published_at_text"] is None:
        stamps = {}
    else:  # the disclosure's own first publication (its versions' column has the same name)
        stamps["first_published_at_text"] = sql_format_at("published_at", whole_seconds=True)

    def stamp(name: str) -> str:
        return f"{name}_text" if stamps else name

    ds = base.annotate(**{k: v for k, v in stamps.items() if k.startswith(("withdrawn", "first"))}).values_list(
        "pk", "unit__code", "organization_id", "category__code", "status", "published_on", "posted_until", "due_on",
        stamp("withdrawn_at"), "withdrawn_reason", "current_version", "title", "decision_date", "period_start",
        "period_end", "first_published_at_text" if stamps else "published_at", "on_time")
    vs = (DisclosureVersion.objects.filter(published_at__isnull=False, **span)
          .annotate(**{k: v for k, v in stamps.items() if not k.startswith(("withdrawn", "first"))})
          .order_by("disclosure_id", "number")
          .values_list("disclosure_id", "id", "number", "title", "body", "channels", "decision_ref", "decision_date",
                       "effective_from", "effective_to", "period_start", "period_end", "correction_note",
                       stamp("published_at"), stamp("superseded_at")))
    vspan = {f"version__{k}": v for k, v in span.items()}
    atts = (Attachment.objects.filter(version__published_at__isnull=False, **vspan)
            .order_by("version__disclosure_id", "version_id", "position", "id")
            .values_list("version__disclosure_id", "version_id", "name", "kind", "content_type", "size", "sha256"))
    people = (PersonRow.objects.filter(version__published_at__isnull=False, **vspan)
              .order_by("version__disclosure_id", "version_id", "position", "id")
              .values_list("version__disclosure_id", "version_id", "full_name", "hamlet", "benefit", "amount"))

    def stream(qs):
        return _merge(qs.iterator(chunk_size=chunk), key=lambda r: r[0])

    with transaction.atomic():  # server-side cursors on PostgreSQL live inside a transaction
        v_iter, a_iter, p_iter = stream(vs), stream(atts), stream(people)
        nv = next(v_iter, None)
        na = next(a_iter, None)
        np_ = next(p_iter, None)
        for d in ds.iterator(chunk_size=chunk):
            pk = d[0]
            while nv is not None and nv[0] < pk:
                nv = next(v_iter, None)
            while na is not None and na[0] < pk:
                na = next(a_iter, None)
            while np_ is not None and np_[0] < pk:
                np_ = next(p_iter, None)
            versions = nv[1] if nv is not None and nv[0] == pk else []
            d_atts = na[1] if na is not None and na[0] == pk else []
            d_people = np_[1] if np_ is not None and np_[0] == pk else []
            yield pk, _sha256(_payload_text(d, versions, d_atts, d_people).encode()).hexdigest()


def _j(value) -> str:
    """One JSON value as canonical_json writes it (strings by the same C escaper json.dumps uses)."""
    t = type(value)
    if t is str:
        return _ENC(value)
    if value is None:
        return "null"
    if t is int:
        return str(value)
    return _DUMPS(value)


def _jlist(values) -> str:
    if all(type(v) is str for v in values):
        return f"[{','.join(map(_ENC, sorted(values)))}]"
    return _DUMPS(sorted(values))


def _jd(value) -> str:
    return f'"{value.isoformat()}"' if value else "null"


def _jts(value) -> str:
    if type(value) is str:  # formatted by the database (sql_format_at)
        return f'"{value}"'
    return f'"{format_at(value.replace(microsecond=0))}"' if value else "null"


def _payload_text(d: tuple, versions: list[tuple], atts: list[tuple], people: list[tuple]) -> str:
    """canonical_json(disclosure_log_payload(...)) from rows (see `version_content`), written
    directly: keys in sorted order, each value as canonical_json writes it — the same text without
    building and sorting dicts for a million records. A test holds it equal to the per-record form."""
    (pk, unit_code, org_id, cat_code, status, published_on, posted_until, due_on, withdrawn_at, withdrawn_reason,
     current_number, title_now, decision_date_now, period_start_now, period_end_now, first_published_at, on_time) = d
    history = []
    current_text = None
    j = _j
    for (_did, vid, number, title, body, channels, decision_ref, decision_date, effective_from, effective_to,
         period_start, period_end, correction_note, published_at, superseded_at) in versions:
        a_text = ",".join(
            f'{{"content_type":{j(a[4])},"kind":{j(a[3])},"name":{j(a[2])},"sha256":{j(a[6])},"size":{j(a[5])}}}'
            for a in atts if a[1] == vid)
        p_text = ",".join(
            f'{{"amount":{j(p[5])},"benefit":{j(p[4])},"full_name":{j(p[2])},"hamlet":{j(p[3])}}}'
            for p in people if p[1] == vid)
        text = (f'{{"attachments":[{a_text}],"body":{j(body)},"channels":{_jlist(channels)},'
                f'"correction_note":{j(correction_note)},"decision_date":{_jd(decision_date)},'
                f'"decision_ref":{j(decision_ref)},"effective_from":{_jd(effective_from)},'
                f'"effective_to":{_jd(effective_to)},"number":{j(number)},"people":[{p_text}],'
                f'"period_end":{_jd(period_end)},"period_start":{_jd(period_start)},'
                f'"published_at":{_jts(published_at)},"title":{j(title)}}}')
        history.append(f'{{"content_sha256":"{_sha256(text.encode()).hexdigest()}","number":{j(number)},'
                       f'"superseded_at":{_jts(superseded_at)}}}')
        if number == current_number:
            current_text = text
    text = (f'{{"category":{j(cat_code)},"current":{current_text if current_text is not None else "null"},'
            f'"current_version":{j(current_number)},"decision_date":{_jd(decision_date_now)},'
            f'"due_on":{_jd(due_on)},"first_published_at":{_jts(first_published_at)},'
            f'"history":[{",".join(history)}],"id":{j(pk)},"on_time":{j(on_time)},"organization":{j(org_id)},'
            f'"period_end":{_jd(period_end_now)},"period_start":{_jd(period_start_now)},'
            f'"posted_until":{_jd(posted_until)},"published_on":{_jd(published_on)},"status":{j(status)},'
            f'"title":{j(title_now)},"type":"disclosure","unit":{j(unit_code)},"withdrawn_at":{_jts(withdrawn_at)},'
            f'"withdrawn_reason":{j(withdrawn_reason)}}}')
    if org_id is None:
        return text
    return (f'{{"id":{j(pk)},"internal_content_sha256":"{_sha256(text.encode()).hexdigest()}",'
            f'"organization":{j(org_id)},"status":{j(status)},"type":"disclosure","unit":{j(unit_code)}}}')
