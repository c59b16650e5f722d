"""What the public transparency log keeps of oversight records (core.transparency), and the records
`danchu verify-log` compares with it: exactly what the public page `/u/<code>/giam-sat/` shows
(selectors.public_overview), nothing of an organization's internal records (Arts. 60–63), no
documents, no accounts.

    oversight_inspection      a People's Inspection Board's inspection once held: subject, body
                              inspected, day, findings (Law 10/2022 Arts. 38–39)
    oversight_supervision     a community investment supervision visit or a Front supervision once
                              held, with its findings (Arts. 41–43; Law on the Fatherland Front)
    oversight_recommendation  a recommendation, the addressee's answer and the outcome (Arts. 38,
                              40(1), 43(2), 45(2))
    oversight_criticism       a social criticism of a draft, its document and the drafting body's
                              answer (Law on the Fatherland Front Arts. 32–36)
    oversight_project         an investment project the community supervises, with its budget and
                              funding sources (Art. 11 items 3, 5; Art. 41)

The services call `log(...)` after each change: an entry is appended when the public content
changed (core.transparency.log_record).
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from danchu.core.transparency import log_record

from .models import Inspection as InspectionModel
from .models import InvestmentProject, ProjectFunding, Recommendation, SocialCriticism, Supervision

INSPECTION, SUPERVISION, RECOMMENDATION = "oversight_inspection", "oversight_supervision", "oversight_recommendation"
CRITICISM, PROJECT = "oversight_criticism", "oversight_project"

# The public ones of each kind (selectors.public_overview shows the same).
PUBLIC = {
    INSPECTION: Q(organization__isnull=True, held_on__isnull=False),
    SUPERVISION: Q(held_on__isnull=False),
    RECOMMENDATION: Q(organization__isnull=True),  # made only once its source was held
    CRITICISM: Q(),
    PROJECT: Q(),
}


def _d(day) -> str | None:
    return day.isoformat() if day else None


def inspection_payload(i: InspectionModel) -> dict:
    return {"type": INSPECTION, "id": i.pk, "unit": i.unit.code, "subject": i.subject, "inspected_body": i.inspected_body,
            "held_on": _d(i.held_on), "findings": i.findings}


def supervision_payload(s: Supervision) -> dict:
    return {"type": SUPERVISION, "id": s.pk, "unit": s.unit.code, "kind": s.kind, "project": s.project_id,
            "conducted_by": s.conducted_by, "subject": s.subject, "supervised_body": s.supervised_body,
            "held_on": _d(s.held_on), "findings": s.findings, "quality": s.finding_quality,
            "progress": s.finding_progress, "spending": s.finding_spending, "environment": s.finding_environment}


def recommendation_payload(r: Recommendation) -> dict:
    return {"type": RECOMMENDATION, "id": r.pk, "unit": r.unit.code, "source_kind": r.source_kind,
            "inspection": r.inspection_id, "supervision": r.supervision_id, "content": r.content,
            "addressee_kind": r.addressee_kind, "addressee": r.addressee, "sent_on": _d(r.sent_on),
            "due_on": _d(r.due_on), "state": r.state, "answer": r.answer, "answer_position": r.answer_position,
            "answered_on": _d(r.answered_on), "outcome": r.outcome, "outcome_note": r.outcome_note,
            "closed_on": _d(r.closed_on)}


def criticism_payload(c: SocialCriticism) -> dict:
    sent = c.document_sent_on is not None
    return {"type": CRITICISM, "id": c.pk, "unit": c.unit.code, "conducted_by": c.conducted_by, "form": c.form,
            "draft_title": c.draft_title, "drafting_body": c.drafting_body, "held_on": _d(c.held_on),
            # The page shows the document once it was sent.
            "document": c.document if sent else None, "document_sent_on": _d(c.document_sent_on),
            "answer": c.answer, "answer_position": c.answer_position, "answer_explanation": c.answer_explanation,
            "answered_on": _d(c.answered_on)}


def project_payload(p: InvestmentProject, funding: list[ProjectFunding] | None = None) -> dict:
    if funding is None:
        funding = list(p.funding.order_by("id"))
    return {"type": PROJECT, "id": p.pk, "unit": p.unit.code, "name": p.name, "kind": p.kind, "investor": p.investor,
            "contractor": p.contractor, "budget_vnd": p.budget_vnd, "location": p.location,
            "starts_on": _d(p.starts_on), "ends_on": _d(p.ends_on),
            "funding": [{"source": f.source, "amount_vnd": f.amount_vnd, "note": f.note} for f in funding]}


PAYLOADS = {INSPECTION: inspection_payload, SUPERVISION: supervision_payload, RECOMMENDATION: recommendation_payload,
            CRITICISM: criticism_payload, PROJECT: project_payload}
MODELS = {INSPECTION: InspectionModel, SUPERVISION: Supervision, RECOMMENDATION: Recommendation,
          CRITICISM: SocialCriticism, PROJECT: InvestmentProject}


def is_public(object_type: str, obj) -> bool:
    return MODELS[object_type].objects.filter(PUBLIC[object_type], pk=obj.pk).exists()


def log(object_type: str, obj, kind: str) -> None:
    """After a change of `obj` (inside the service's transaction): log its public content if it is public."""
    if is_public(object_type, obj):
        fresh = MODELS[object_type].objects.select_related("unit").get(pk=obj.pk)
        log_record(kind=kind, object_type=object_type, object_id=obj.pk, payload=PAYLOADS[object_type](fresh))


def records(object_type: str):
    """The records function verify-log calls for this kind: (pk, payload) of the public ones, by pk."""
    model, payload = MODELS[object_type], PAYLOADS[object_type]

    def fn(after: int, limit: int) -> list[tuple[int, dict]]:
        qs = model.objects.filter(PUBLIC[object_type], pk__gt=after).select_related("unit").order_by("pk")
        if object_type == PROJECT:
            qs = qs.prefetch_related(Prefetch("funding", queryset=ProjectFunding.objects.order_by("id"),
                                              to_attr="log_funding"))
            return [(p.pk, project_payload(p, p.log_funding)) for p in qs[:limit]]
        return [(o.pk, payload(o)) for o in qs[:limit]]

    return fn


def register() -> None:
    from danchu.core.transparency import register_subject

    for object_type in PAYLOADS:
        register_subject(object_type, records(object_type))
