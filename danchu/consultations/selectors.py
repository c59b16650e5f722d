"""Reads about consultations, shared by pages, the API, reports and the benchmark.

Access: a published consultation of a commune's residents is public (the draft is published for
comment, Law Art. 28(2)); one of an organization is seen by its staff (anyone holding a role on the
organization) and by the holders of CONSULTATION_VIEW on the organization — not by the commune's
officials: an organization's staff consultation is its own (Law Arts. 53-55, 71); a consultation
being prepared is seen by officials with CONSULTATION_VIEW only. Anything else answers 404 as if it
did not exist. The officials' reads (a consultation for management, the lists including drafts, the
answers still due, the moderation queue) declare their rule with `core.access.guard`.

No page counts votes: the counts are kept on the rows by the services.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from danchu.core import inputs
from danchu.core.access import allowed, fetch, guard
from danchu.core.errors import NotFound
from danchu.core.permissions import grants_of
from danchu.core.roles import Action
from danchu.units.models import Organization

from .models import (
    AnswerKind,
    Consultation,
    Opinion,
    OpinionMap,
    OpinionStatus,
    Report,
    Section,
    Status,
    Vote,
)

PAGE_SIZE = 20


# --- access -----------------------------------------------------------------------------------------


def may_take_part(user, c: Consultation) -> bool:
    """Law Art. 25 (residents of the commune) and Arts. 53, 71 (staff of the organization): a person
    registered in a household of the commune, or holding any role in the commune's subtree (a citizen
    account confirmed by the commune, a hamlet head…), or for an organization any role on it."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if c.organization_id:
        return any(g.organization_id == c.organization_id for g in grants_of(user))
    path = c.unit.path
    if any(g.unit_path and (g.unit_path.startswith(path) or path.startswith(g.unit_path)) for g in grants_of(user)):
        return True
    resident = getattr(user, "resident", None)
    if resident is not None:
        hamlet_path = resident.household.hamlet.path
        return hamlet_path.startswith(path)
    return False


def consultation_visible(user, c: Consultation) -> bool:
    """May this person see the consultation (see the module's docstring)?"""
    if allowed(user, Action.CONSULTATION_VIEW, c):
        return True
    if c.status == Status.DRAFT:
        return False
    return c.organization_id is None or may_take_part(user, c)


def consultation_get(*, user, pk: int) -> Consultation:
    """A consultation as its public page (or its staff) sees it; 404 when this person may not see it."""
    c = Consultation.objects.select_related("unit", "organization").filter(pk=pk).first()
    if c is None or not consultation_visible(user, c):
        raise NotFound()
    return c


@guard(Action.CONSULTATION_VIEW, on=fetch(Consultation, "pk"))
def consultation_for_manage(*, user, pk: int) -> Consultation:
    """A consultation on the officials' page (drafts included, the answers still due, moderation)."""
    return Consultation.objects.select_related("unit", "organization").get(pk=pk)


def opinion_get(*, user, pk: int) -> Opinion:
    o = Opinion.objects.select_related("consultation__unit", "consultation__organization", "section").filter(pk=pk).first()
    if o is None:
        raise NotFound()
    consultation_get(user=user, pk=o.consultation_id)
    return o


def section_of(c: Consultation, section_id: int | None) -> Section | None:
    if not section_id:
        return None
    if not 0 < section_id < 2**63:  # no such row, and no integer the database would overflow on
        raise NotFound("Không tìm thấy phần dự thảo này.", message_en="No such section.")
    s = Section.objects.filter(consultation=c, pk=section_id).first()
    if s is None:
        raise NotFound("Không tìm thấy phần dự thảo này.", message_en="No such section.")
    return s


# --- lists ------------------------------------------------------------------------------------------


def consultations_public(*, unit):
    """Published consultations of residents of this unit's subtree (not organizations' internal ones)."""
    return (Consultation.objects.filter(unit__path__startswith=unit.path, organization__isnull=True)
            .exclude(status=Status.DRAFT).select_related("unit").order_by("-opens_at", "-id"))


@guard(Action.CONSULTATION_VIEW, on="unit")
def consultations_for_official(*, user, unit) -> list[Consultation]:
    """Every consultation of residents in the unit's subtree, drafts included (not organizations' own:
    those are listed on the organization's page, to its officials only)."""
    return list(Consultation.objects.filter(unit__path__startswith=unit.path, organization__isnull=True)
                .select_related("unit", "organization").order_by("-created_at", "-id")[:300])


@guard(Action.CONSULTATION_VIEW, on="organization")
def consultations_of_organization(*, user, organization) -> list[Consultation]:
    """An organization's staff consultations, drafts included (Law Arts. 53-55, 71)."""
    return list(Consultation.objects.filter(organization=organization).select_related("unit", "organization")
                .order_by("-created_at", "-id")[:300])


def period_state(c: Consultation, now=None) -> str:
    """draft | upcoming | open | over | final."""
    now = now or timezone.now()
    if c.status == Status.DRAFT:
        return "draft"
    if c.status == Status.FINAL:
        return "final"
    if c.opens_at and now < c.opens_at:
        return "upcoming"
    if now > c.closes_at:
        return "over"
    return "open"


def sections(c: Consultation) -> list[Section]:
    return list(Section.objects.filter(consultation=c).order_by("position"))


def sections_lazy(c: Consultation):
    """The sections as a queryset, run only if the page's cached fragment of the draft has expired."""
    return Section.objects.filter(consultation=c).order_by("position")


def opinions_page(c: Consultation, *, section: Section | None = None, whole_only: bool = False, page: int = 1,
                  order: str = "new", query: str = "") -> tuple[list[Opinion], bool]:
    """One page of opinions (hidden ones stay in the list, shown as hidden with the reason)."""
    from danchu.core.text import fold

    qs = Opinion.objects.filter(consultation=c).select_related("section", "answer_section")
    if section is not None:
        qs = qs.filter(section=section)
    elif whole_only:
        qs = qs.filter(section__isnull=True)
    if query:
        for word in fold(query).split()[:5]:
            qs = qs.filter(search_text__contains=word)
    ordering = {"new": ["-created_at", "-id"], "old": ["created_at", "id"], "agree": ["-agree", "-id"],
                "disagree": ["-disagree", "-id"], "unanswered": ["answer_kind", "created_at", "id"]}.get(order)
    qs = qs.order_by(*(ordering or ["-created_at", "-id"]))
    page = inputs.page_number(max(1, page))  # 400 past MAX_PAGE, not an OFFSET overflow
    rows = list(qs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def my_votes(*, user, opinion_ids) -> dict[int, int]:
    if not getattr(user, "is_authenticated", False) or not opinion_ids:
        return {}
    return dict(Vote.objects.filter(voter=user, opinion_id__in=list(opinion_ids)).values_list("opinion_id", "value"))


def next_statement(*, user, c: Consultation) -> Opinion | None:
    """Polis-style: one visible opinion by someone else that this person has not voted on, least voted first."""
    if not getattr(user, "is_authenticated", False):
        return None
    voted = Vote.objects.filter(consultation=c, voter=user).values("opinion_id")
    return (Opinion.objects.filter(consultation=c, status=OpinionStatus.VISIBLE).exclude(author=user)
            .exclude(pk__in=voted).select_related("section").order_by("agree", "disagree", "id").first())


def my_opinions(*, user, c: Consultation) -> list[Opinion]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Opinion.objects.filter(consultation=c, author=user).select_related("section", "answer_section")
                .order_by("-created_at", "-id")[:50])


@guard(Action.CONSULTATION_VIEW, on="consultation")
def unanswered(*, user, consultation: Consultation, limit: int = 50) -> list[Opinion]:
    """The answers still due (Art. 28(3)): visible opinions without tiếp thu / giải trình, oldest first."""
    return list(Opinion.objects.filter(consultation=consultation, status=OpinionStatus.VISIBLE, answer_kind="")
                .select_related("section").order_by("created_at", "id")[:limit])


@guard(Action.CONSULTATION_VIEW, on="consultation")
def hidden_opinions(*, user, consultation: Consultation) -> list[Opinion]:
    """The moderation record: hidden opinions with their text and reason (the public sees the reason only)."""
    return list(Opinion.objects.filter(consultation=consultation, status=OpinionStatus.HIDDEN)
                .select_related("section").order_by("hidden_at", "id"))


def opinion_map(c: Consultation) -> OpinionMap | None:
    return OpinionMap.objects.filter(consultation=c).defer("png").first()


def opinion_map_png(c: Consultation) -> bytes | None:
    row = OpinionMap.objects.filter(consultation=c).values_list("png", flat=True).first()
    return bytes(row) if row else None


# --- the revised draft ------------------------------------------------------------------------------


@dataclass
class Change:
    section: Section
    diff: list[tuple[str, str]]  # (op, text): op in "same", "del", "ins"
    opinions: list[Opinion]


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(" "), after.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("del", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("ins", " ".join(b[j1:j2])))
    return out


def revised_changes(c: Consultation) -> list[Change]:
    """Every section whose text changed, the word diff, and the opinions taken on board that changed it."""
    changed = [s for s in sections(c) if s.revised_text is not None and s.revised_text != s.text]
    by_section: dict[int, list[Opinion]] = {}
    for o in (Opinion.objects.filter(consultation=c, answer_kind=AnswerKind.ACCEPTED, answer_section__isnull=False)
              .order_by("answered_at", "id")):
        by_section.setdefault(o.answer_section_id, []).append(o)
    return [Change(s, word_diff(s.text, s.revised_text), by_section.get(s.pk, [])) for s in changed]


def revised_text(c: Consultation) -> str:
    out = []
    for s in sections(c):
        head = s.label if s.kind not in ("clause", "point") else ""
        body = s.revised_text if s.revised_text is not None else s.text
        if s.kind in ("clause", "point"):
            body = f"{s.label} {body}"
        out.append("\n".join(x for x in (head, body) if x))
    return "\n".join(out)


# --- the synthesis ----------------------------------------------------------------------------------


def synthesis(c: Consultation) -> dict:
    """The figures and the opinion list of the report (Art. 28(3)), from the data."""
    secs = sections(c)
    ops = list(Opinion.objects.filter(consultation=c).select_related("section", "answer_section")
               .order_by("section__position", "created_at", "id"))
    visible = [o for o in ops if o.status == OpinionStatus.VISIBLE]
    by_source: dict[str, int] = {}
    for o in visible:
        by_source[o.source] = by_source.get(o.source, 0) + 1
    offline = sum(1 for o in visible if o.author_id is None)
    per_section = []
    for s in secs:
        rows = [o for o in visible if o.section_id == s.pk]
        if rows:
            per_section.append({"section": s, "opinions": len(rows),
                                "accepted": sum(o.answer_kind == AnswerKind.ACCEPTED for o in rows),
                                "explained": sum(o.answer_kind == AnswerKind.EXPLAINED for o in rows)})
    whole = [o for o in visible if o.section_id is None]
    agreement = {"broad": 0, "split": 0, "rejected": 0, "few": 0}
    for o in visible:
        cast = o.agree + o.disagree
        if cast < 3:
            agreement["few"] += 1
        elif o.agree >= 0.67 * cast:
            agreement["broad"] += 1
        elif o.disagree >= 0.67 * cast:
            agreement["rejected"] += 1
        else:
            agreement["split"] += 1
    return {
        "participants": c.participants_count + offline,
        "participants_online": c.participants_count,
        "opinions": len(visible),
        "opinions_offline": offline,
        "hidden": [o for o in ops if o.status == OpinionStatus.HIDDEN],
        "votes": c.votes_count,
        "by_source": by_source,
        "per_section": per_section,
        "whole_draft": len(whole),
        "accepted": sum(o.answer_kind == AnswerKind.ACCEPTED for o in visible),
        "explained": sum(o.answer_kind == AnswerKind.EXPLAINED for o in visible),
        "unanswered": sum(o.answer_kind == "" for o in visible),
        "agreement": agreement,
        "opinion_rows": visible,
        "changes": revised_changes(c),
    }


# --- transparency log -------------------------------------------------------------------------------


def _ts(value) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def report_log_payload(c: Consultation, report: Report) -> dict:
    """The record the log keeps of a published report (Art. 28(3)): what the consultation's public
    page shows and the SHA-256 of the report files as they are served (computed from the stored
    bytes, not copied from the column written next to them, so a file replaced in the database is
    caught). An organization's consultation of its workers (Arts. 53, 71) is internal: the log keeps
    only the SHA-256 of that same content."""
    from danchu.core.transparency import canonical_json, sha256_hex

    content = report.content or {}
    full = {
        "type": "consultation",
        "id": c.pk,
        "unit": c.unit.code,
        "organization": c.organization_id,
        "kind": c.kind,
        "title": c.title,
        "opens_at": _ts(c.opens_at),
        "closes_at": _ts(c.closes_at),
        "report": report.symbol,
        "participants": content.get("participants", 0),
        "opinions": content.get("opinions", 0),
        "accepted": content.get("accepted", 0),
        "explained": content.get("explained", 0),
        "hidden": content.get("hidden", 0),
        "report_docx_sha256": sha256_hex(bytes(report.docx)),
        "report_pdf_sha256": sha256_hex(bytes(report.pdf)),
        "draft_sha256": c.draft_sha256,
        "summary": c.summary,
        "decision_note": c.decision_note,
    }
    if c.organization_id is None:
        return full
    return {"type": "consultation", "id": c.pk, "unit": c.unit.code, "organization": c.organization_id,
            "internal_content_sha256": sha256_hex(canonical_json(full))}


def report_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    qs = (Consultation.objects.filter(pk__gt=after, status=Status.FINAL).select_related("unit", "report")
          .order_by("pk")[:limit])
    return [(c.pk, report_log_payload(c, c.report)) for c in qs]


def report_of(c: Consultation) -> Report | None:
    return Report.objects.filter(consultation=c).first()


def public_filter() -> Q:
    return Q(organization__isnull=True) & ~Q(status=Status.DRAFT)


def stale_maps() -> list[int]:
    """Published consultations (not final) whose stored map has fewer votes or opinions than now."""
    out = []
    for pk, votes, opinions, seen_v, seen_o in (
            Consultation.objects.filter(status=Status.OPEN)
            .values_list("pk", "votes_count", "opinions_count", "opinion_map__votes_seen", "opinion_map__opinions_seen")):
        if seen_v is None or votes != seen_v or opinions != seen_o:
            out.append(pk)
    return out


@guard(Action.CONSULTATION_VIEW, on=fetch(Organization, "pk"))
def organization_for(*, user, pk: int) -> Organization:
    """An organization whose consultations this user may see as an official: a grant on the
    organization (a commune's officials are refused: 404)."""
    return Organization.objects.select_related("unit").get(pk=pk)
