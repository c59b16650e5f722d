"""Reads about cases, shared by pages, API, Open311 and reports. Officer reads declare their rule
(core.access: `Action.CASE_HANDLE` on the unit or the case; the figures also for `REPORT_VIEW`):
outside the caller's scope 404, inside it without the right 403. Public reads go by tracking code
and never carry an identity (there is no identity on `Case` at all: it lives encrypted in
`CaseIdentity`, read only through services.case_identity_read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from danchu.core import inputs, ratelimit
from danchu.core.access import fetch, guard
from danchu.core.errors import NotFound
from danchu.core.roles import Action
from danchu.core.text import fold

from . import crypto, deadlines
from . import files as documents
from .models import AttachmentStage, Case, CaseAttachment, CaseEvent, IdentityAccess, Kind, Status

QUEUES = ("new", "due_soon", "overdue", "open", "closed", "all")
DUE_SOON_DAYS = 3

# The columns a list shows: never the body's attachments, never an identity.
LIST_FIELDS = ("id", "tracking_code", "kind", "category", "channel", "status", "title", "unit_id", "received_on",
               "next_due", "overdue", "resolve_due", "accept_due", "anonymous_denunciation")


def throttle_lookup(*, client: str) -> None:
    """Rate-limit tracking-code lookups per client (`core.clients.client_address`), counted in the shared
    cache (core.ratelimit, DANCHU_RATE_LIMITS["lookup_client"]): codes are 50 random bits and guessing is
    slowed. Refused: Throttled, code "throttled", HTTP 429."""
    ratelimit.lookup(client=client, scope="cases")


def case_track(*, code: str) -> Case:
    """A case by tracking code, for the citizen (no account). Not found looks the same whatever the cause."""
    from .services import normalize_code

    norm = normalize_code(code)
    case = Case.objects.select_related("unit", "merged_into").filter(tracking_code=norm).first() if len(norm) == 10 else None
    if case is None:
        raise NotFound("Không tìm thấy hồ sơ với mã tra cứu này.", message_en="No case with this tracking code.")
    return case


def public_events(*, case: Case) -> list[CaseEvent]:
    return list(case.events.filter(public=True).order_by("at", "id"))


@guard(Action.CASE_HANDLE, on="case")
def all_events(*, user, case: Case) -> QuerySet[CaseEvent]:
    """Every step of the case, the internal ones too (who did it; a merge seen from the target)."""
    return case.events.select_related("actor").order_by("at", "id")


def case_attachments(*, case: Case) -> list[CaseAttachment]:
    return list(case.attachments.order_by("uploaded_at", "id"))


def _protected(att: CaseAttachment, case: Case) -> bool:
    """A denouncer's own document (Law on Denunciations Art. 56)."""
    return att.stage == AttachmentStage.INTAKE and case.protects_filer


def public_attachments(*, case: Case) -> list[CaseAttachment]:
    """The documents the tracking page lists to the holder of the code: not a denouncer's own ones
    (they have them; a leaked code must not open what could say who they are)."""
    return [a for a in case_attachments(case=case) if not _protected(a, case)]


@guard(Action.CASE_HANDLE, on="case")
def attachments_for_officer(*, user, case: Case) -> list[CaseAttachment]:
    """The documents an officer's page lists: a denunciation's own documents only to the officer
    assigned to resolve it, with their real name (`display_name`); to anyone else they are not
    listed at all, since even a name may say who sent them (Law on Denunciations Arts. 9(1), 56)."""
    rows = []
    for att in case_attachments(case=case):
        if _protected(att, case):
            if case.assigned_to_id != user.pk:
                continue
            att.display_name = documents.display_name(att)
        else:
            att.display_name = att.name
        rows.append(att)
    return rows


def cases_filed_by(*, user, limit: int = 200) -> list[Case]:
    """The cases a signed-in person filed themselves, newest first (their own list; each opens on the
    tracking page by its code): by the account for most, by the keyed filer reference for a
    denunciation, whose account is kept out of the clear (crypto.filer_ref)."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = Q(submitted_by=user) | Q(filer_ref=crypto.filer_ref(user.pk))
    return list(Case.objects.select_related("unit").filter(mine).order_by("-received_at", "-id")[:limit])


def case_attachment_get(*, pk: int) -> CaseAttachment:
    """A document with its case; who may open it is decided by services.case_attachment_open."""
    att = CaseAttachment.objects.select_related("case", "case__unit").filter(pk=pk).first()
    if att is None:
        raise NotFound("Không tìm thấy tệp.", message_en="File not found.")
    return att


def tracked_attachment(*, code: str, pk: int) -> documents.OpenedFile:
    """A document of the case this tracking code follows, decrypted: the filer's own and the answer's,
    except a denouncer's own documents (see `public_attachments`)."""
    case = case_track(code=code)
    att = CaseAttachment.objects.select_related("case").filter(pk=pk, case=case).first()
    if att is None or _protected(att, case):
        raise NotFound("Không tìm thấy tệp.", message_en="File not found.")
    return documents.read(att)


@guard(Action.CASE_HANDLE, on=fetch(Case, "pk"))
def case_get_for_officer(*, user, pk: int) -> Case:
    """A case for the officers of its unit (its detail page, the steps)."""
    return Case.objects.select_related("unit", "assigned_to", "merged_into").get(pk=pk)


@guard(Action.CASE_HANDLE, on="unit")
def cases_for_officer(*, user, unit, ids: list[int]) -> list[Case]:
    """The cases picked in a unit's queue (a bulk transfer): one that is not in it is not found."""
    rows = list(Case.objects.select_related("unit").filter(_in_unit(unit), pk__in=ids))
    if len(rows) != len(set(ids)):
        raise NotFound("Không tìm thấy hồ sơ.", message_en="Case not found.")
    return rows


@dataclass
class QueueFilters:
    queue: str = "open"
    kind: str | None = None
    category: str | None = None
    q: str = ""


def _in_unit(unit) -> Q:
    """Cases land on communes only, so a commune's cases are `unit_id = …` (index case_unit_queue);
    a province or district reaches its subtree by path prefix (index case_path_queue)."""
    if unit.level == "commune":
        return Q(unit_id=unit.pk)
    return Q(unit_path__under=unit.path)


@guard(Action.CASE_HANDLE, on="unit")
def case_queue(*, user, unit, filters: QueueFilters, today: dt.date | None = None) -> QuerySet[Case]:
    """The officer's queue for a unit (and its subtree), newest deadline first. Uses the
    (unit_path, status, next_due) index."""
    today = today or timezone.localdate()
    qs = Case.objects.filter(_in_unit(unit)).only(*LIST_FIELDS)
    open_ = [Status.RECEIVED, Status.ACCEPTED]
    if filters.queue == "new":
        qs = qs.filter(status=Status.RECEIVED).order_by("next_due", "id")
    elif filters.queue == "due_soon":
        qs = qs.filter(status__in=open_, next_due__gte=today,
                       next_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS)).order_by("next_due", "id")
    elif filters.queue == "overdue":
        qs = qs.filter(status__in=open_, next_due__lt=today).order_by("next_due", "id")
    elif filters.queue == "closed":
        qs = qs.exclude(status__in=open_).order_by("-resolved_on", "-id")
    elif filters.queue == "all":
        qs = qs.order_by("-received_on", "-id")
    else:
        qs = qs.filter(status__in=open_).order_by("next_due", "id")
    if filters.kind in Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.q:
        for word in fold(filters.q).split()[:6]:
            qs = qs.filter(search_text__contains=word)
    return qs


@guard(Action.CASE_HANDLE, on="unit")
def queue_counts(*, user, unit, today: dt.date | None = None) -> dict:
    """How many open, new, due-soon and overdue cases the unit's queue holds."""
    today = today or timezone.localdate()
    base = Case.objects.filter(_in_unit(unit), status__in=[Status.RECEIVED, Status.ACCEPTED])
    return base.aggregate(
        open=Count("id"),
        new=Count("id", filter=Q(status=Status.RECEIVED)),
        due_soon=Count("id", filter=Q(next_due__gte=today, next_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))),
        overdue=Count("id", filter=Q(next_due__lt=today)),
    )


@guard(Action.CASE_HANDLE, on="case")
def identity_reads(*, user, case: Case) -> QuerySet[IdentityAccess]:
    """Who read the filer's identity, when and why (the access log, never the identity itself)."""
    return case.identity_reads.select_related("user")


@guard(any_of=(Action.REPORT_VIEW, Action.CASE_HANDLE), on="unit")
def case_indicators(*, user, unit, start: dt.date, end: dt.date, today: dt.date | None = None) -> list[dict]:
    """Received, accepted, resolved, resolved on time, overdue — by kind for the unit's subtree
    within [start, end] (received date for received/accepted; resolution date for resolved)."""
    start, end = inputs.date_range(start, end)  # 400 for 0001-01-01..9999-12-31, not an overflow
    today = today or timezone.localdate()
    base = Case.objects.filter(_in_unit(unit))
    received = dict(base.filter(received_on__range=(start, end)).values_list("kind").annotate(n=Count("id")))
    accepted = dict(base.filter(accepted_on__range=(start, end)).values_list("kind").annotate(n=Count("id")))
    resolved = {k: (n, t) for k, n, t in base.filter(resolved_on__range=(start, end), status=Status.RESOLVED)
                .values_list("kind").annotate(n=Count("id"), t=Count("id", filter=Q(on_time=True)))}
    overdue = dict(base.filter(status__in=[Status.RECEIVED, Status.ACCEPTED], next_due__lt=min(today, end + dt.timedelta(days=1)))
                   .values_list("kind").annotate(n=Count("id")))
    return [
        {"kind": k, "label": label, "received": received.get(k, 0), "accepted": accepted.get(k, 0),
         "resolved": resolved.get(k, (0, 0))[0], "resolved_on_time": resolved.get(k, (0, 0))[1],
         "overdue": overdue.get(k, 0)}
        for k, label in Kind.choices
    ]


def complaint_decision_effect(*, case: Case) -> dict | None:
    """The day a complaint's decision has legal effect (Law on Complaints Art. 44, deadlines.decision_effect),
    for the officer's page, the tracking page and the API: it is about the decision, never the filer."""
    return deadlines.decision_effect(case)


def _open311_rows() -> QuerySet[Case]:
    """Feedback and recommendations, with the time of their latest public step (`updated_at`)."""
    return (Case.objects.select_related("unit").filter(kind__in=[Kind.FEEDBACK, Kind.RECOMMENDATION])
            .annotate(updated_at=Max("events__at", filter=Q(events__public=True))))


def open311_public(*, codes: list[str] | None = None, start: dt.datetime | None = None,
                   end: dt.datetime | None = None, limit: int = 200) -> list[Case]:
    """Feedback the filer allowed to be public (Open311 GET requests), or these codes; received
    within [start, end] when given."""
    from .services import normalize_code

    qs = _open311_rows()
    if codes:
        qs = qs.filter(tracking_code__in=[normalize_code(c) for c in codes][:50])
    else:
        qs = qs.filter(is_public=True)
    if start is not None:
        qs = qs.filter(received_at__gte=start)
    if end is not None:
        qs = qs.filter(received_at__lte=end)
    return list(qs.order_by("-received_at", "-id")[:limit])


def open311_request(*, code: str) -> Case:
    """One feedback or recommendation by tracking code (Open311 GET requests/{id}); any other case is
    not found, as an unknown code."""
    from .services import normalize_code

    norm = normalize_code(code)
    case = _open311_rows().filter(tracking_code=norm).first() if len(norm) == 10 else None
    if case is None:
        raise NotFound("Không tìm thấy hồ sơ với mã tra cứu này.", message_en="No case with this tracking code.")
    return case


# --- the transparency log's view of a case --------------------------------------------------------------

# The cases whose content is public, and so logged and checked by verify-log: feedback and
# recommendations the filer allowed to be public (Open311 lists them, with their tracking code),
# and a denunciation's conclusion (Law on Denunciations Art. 40). Never the identity, never the rest
# of a denunciation, never a case the filer kept private.
PUBLIC_CASES = Q(is_public=True, kind__in=[Kind.FEEDBACK, Kind.RECOMMENDATION]) | Q(kind=Kind.DENUNCIATION,
                                                                                   status=Status.RESOLVED)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _coordinate(value: float | None) -> str | None:
    return repr(value) if value is not None else None  # canonical JSON has no floats (core.transparency)


def case_log_payload(case: Case, attachments: list[CaseAttachment] | None = None) -> dict | None:
    """What the public log keeps of a case whose content is public (None for any other case)."""
    if case.kind == Kind.DENUNCIATION:
        if case.status != Status.RESOLVED:
            return None
        from .deadlines import DENUNCIATION_PUBLISH

        # Art. 40: the conclusion, who and what it is about; not the tracking code (which opens the
        # denouncer's own tracking page), not the denouncer, not the denunciation's text or files.
        return {"type": "case", "id": case.pk, "unit": case.unit.code, "kind": case.kind, "accused": case.accused,
                "violation": case.violation, "conclusion": case.answer, "decision_ref": case.decision_ref,
                "concluded_on": _iso(case.resolved_on), "article": DENUNCIATION_PUBLISH.article}
    if not case.is_public or case.kind not in (Kind.FEEDBACK, Kind.RECOMMENDATION):
        return None
    if attachments is None:
        attachments = list(case.attachments.order_by("uploaded_at", "id"))
    return {
        "type": "case", "id": case.pk, "unit": case.unit.code, "kind": case.kind, "category": case.category,
        "tracking_code": case.tracking_code, "title": case.title, "description": case.body, "address": case.location,
        "lat": _coordinate(case.lat), "long": _coordinate(case.lon), "received_on": _iso(case.received_on),
        "status": case.status, "answer": case.answer, "decision_ref": case.decision_ref,
        "refusal_ground": case.refusal_ground, "transferred_to": case.transferred_to,
        "transfer_reason": case.transfer_reason, "resolved_on": _iso(case.resolved_on),
        # The files by their hash only: a name may carry the filer's name.
        "attachments": [{"stage": a.stage, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
                        for a in attachments],
    }


def case_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    """Every case whose content is public, as the log should show it now (for verify-log)."""
    from django.db.models import Prefetch

    qs = (Case.objects.filter(PUBLIC_CASES, pk__gt=after).select_related("unit")
          .prefetch_related(Prefetch("attachments", queryset=CaseAttachment.objects.order_by("uploaded_at", "id"),
                                     to_attr="log_attachments"))
          .order_by("pk")[:limit])
    return [(c.pk, case_log_payload(c, c.log_attachments)) for c in qs]
