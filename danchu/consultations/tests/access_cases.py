"""Matrix cases (core/tests/matrix.py): valid arguments for each declared consultations rule.

Every rule that can act on an organization's staff consultation (Law Arts. 53-55, 71) has an
"enterprise" variant (and the creation an "agency" one too): there the matrix also calls it as the
commune's officer and chair, who must be refused with 404.
"""

import datetime as dt

from django.utils import timezone

from danchu.consultations import services
from danchu.consultations.models import Consultation, Kind, Source
from danchu.core.tests.matrix import case, variant

from .factories import DRAFT, end_period

ORG_DRAFT = "Điều 1. Bảng lương\n1. Bậc 1: 5.000.000 đồng.\n2. Bậc 2: 5.600.000 đồng."


def _input(organization=None) -> services.ConsultationInput:
    return services.ConsultationInput(
        kind=Kind.ORG_PAY if organization is not None else Kind.DEMOCRACY_REGULATION,
        title="Dự thảo thang lương" if organization is not None else "Dự thảo Quy chế thực hiện dân chủ ở xã",
        closes_at=timezone.now() + dt.timedelta(days=30), forms=["portal"],
        draft_text=ORG_DRAFT if organization is not None else DRAFT)


def _maker(w, organization=None):
    return w.head_org if organization is not None and organization.pk == w.org.pk else (
        w.head_org2 if organization is not None else w.officer_a)


def _consultation(w, organization=None, *, publish: bool = True) -> Consultation:
    actor = _maker(w, organization)
    c = services.consultation_create(actor=actor, unit=None if organization is not None else w.a,
                                     organization=organization, data=_input(organization))
    if publish:
        services.consultation_publish(actor=actor, consultation=c)
    c.refresh_from_db()
    return c


def _opinion(w, organization=None, *, hidden: bool = False):
    c = _consultation(w, organization)
    actor = _maker(w, organization)
    o = services.opinion_record(actor=actor, consultation=c, text="Đề nghị niêm yết 45 ngày.", source=Source.MEETING,
                                source_note="Họp thôn ngày 12/11")
    if hidden:
        o = services.opinion_hide(actor=actor, opinion=o, reason="Lộ thông tin cá nhân")
    o.refresh_from_db()
    return o


def _both(w, build):
    """The commune's consultation and the enterprise's staff consultation."""
    return [build(w.a, None, ""), build(w.org, w.org, "enterprise")]


# --- services -----------------------------------------------------------------------------------------


@case("consultations.consultation_create")
def create(w):
    return [
        variant(w.a, unit=w.a, data=_input()),
        variant(w.org, label="enterprise", organization=w.org, data=_input(w.org)),
        variant(w.org2, label="agency", unit=w.a, organization=w.org2, data=_input(w.org2)),
    ]


@case("consultations.draft_set")
def draft_set(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, consultation=_consultation(w, org, publish=False), text="Điều 1. Phạm vi\nNội dung mới."))


@case("consultations.sections_replace")
def sections_replace(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, consultation=_consultation(w, org, publish=False),
        sections=[services.SectionInput(kind="article", number="1", heading="Phạm vi", text="Nội dung.")]))


@case("consultations.consultation_publish")
def publish(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, consultation=_consultation(w, org, publish=False)))


@case("consultations.opinion_record")
def record(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, consultation=_consultation(w, org), text="Cần họp thôn thêm.", source=Source.PAPER,
        source_note="Phiếu góp ý số 3"))


@case("consultations.opinion_hide")
def hide(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, opinion=_opinion(w, org), reason="Xúc phạm người khác"))


@case("consultations.opinion_unhide")
def unhide(w):
    return _both(w, lambda where, org, label: variant(where, label=label, opinion=_opinion(w, org, hidden=True)))


@case("consultations.opinion_answer")
def answer(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, opinion=_opinion(w, org), kind="explained", text="Đã có trong kế hoạch."))


@case("consultations.opinion_map_request")
def map_request(w):
    return _both(w, lambda where, org, label: variant(where, label=label, consultation=_consultation(w, org)))


@case("consultations.consultation_finalise")
def finalise(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, consultation=end_period(_consultation(w, org)), decision_note="Quyết định số 15/QĐ"))


# --- private reads ------------------------------------------------------------------------------------


@case("consultations.consultation_for_manage")
def for_manage(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, pk=_consultation(w, org, publish=False).pk))


@case("consultations.consultations_for_official")
def for_official(w):
    _consultation(w, publish=False)
    return [variant(w.a, unit=w.a), variant(w.p, label="province", unit=w.p)]


@case("consultations.consultations_of_organization")
def of_organization(w):
    _consultation(w, w.org, publish=False)
    return [variant(w.org, label="enterprise", organization=w.org),
            variant(w.org2, label="agency", organization=w.org2)]


@case("consultations.organization_for")
def organization_for(w):
    return [variant(w.org, label="enterprise", pk=w.org.pk), variant(w.org2, label="agency", pk=w.org2.pk)]


@case("consultations.unanswered")
def unanswered(w):
    return _both(w, lambda where, org, label: variant(where, label=label, consultation=_opinion(w, org).consultation))


@case("consultations.hidden_opinions")
def hidden(w):
    return _both(w, lambda where, org, label: variant(
        where, label=label, consultation=_opinion(w, org, hidden=True).consultation))
