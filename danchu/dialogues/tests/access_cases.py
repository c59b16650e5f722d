"""Matrix cases (core/tests/matrix.py): valid arguments for each declared dialogues rule.

A commune's dialogue acts on the commune; a workplace dialogue of an enterprise (org) or an agency
(org2) acts on the organization (Law 10/2022 Arts. 56, 73), where the matrix also calls it as the
commune's officer and chair and expects 404 (only grants on the organization reach it)."""

import datetime as dt

from django.utils import timezone

from danchu.core.tests.matrix import case, variant
from danchu.dialogues import services
from danchu.dialogues.models import LeaderRole


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _schedule_kwargs(w, where, *, held_on=None):
    """The arguments of dialogue_schedule in `where` (commune a, or an organization of it)."""
    if where in (w.org, w.org2):
        return {"unit": w.a, "organization": where, "leader_role": LeaderRole.ORG_HEAD, "leader_name": "Giám đốc",
                "topic": "Đối thoại định kỳ với người lao động", "held_on": held_on or _days(5), "place": "Nhà ăn ca",
                "audience": "Người lao động, công đoàn"}
    return {"unit": w.a, "leader_role": LeaderRole.COMMUNE_CHAIR, "leader_name": "Nguyễn Văn Chủ",
            "topic": "Đối thoại về nông thôn mới", "held_on": held_on or _days(5), "place": "Hội trường UBND xã",
            "audience": "Nhân dân các thôn"}


def _manager(w, where):
    return {w.org: w.head_org, w.org2: w.head_org2}.get(where, w.officer_a)


def _dialogue(w, where, *, held=False):
    actor = _manager(w, where)
    d = services.dialogue_schedule(actor=actor, **_schedule_kwargs(w, where, held_on=_days(-3) if held else None))
    if held:
        d = services.dialogue_mark_held(actor=actor, dialogue=d, attendees=40)
    return d


def _question(w, where):
    d = _dialogue(w, where, held=True)
    return services.question_record(actor=_manager(w, where), dialogue=d, text="Khi nào sửa đường?",
                                    source_note="Hòm thư góp ý", received_on=_days(-4))


def _commitment(w, where):
    d = _dialogue(w, where, held=True)
    return services.commitment_add(actor=_manager(w, where), dialogue=d, text="Sửa đường liên thôn", owner="UBND xã",
                                   due_on=_days(30))


def _each(w, build):
    """One variant a place: the commune, the enterprise, the agency."""
    return [variant(w.a, **build(w.a)), variant(w.org, label="enterprise", **build(w.org)),
            variant(w.org2, label="agency", **build(w.org2))]


def _reception_day(w, *, held=False, ago=1):
    r = services.reception_day_schedule(actor=w.officer_a, unit=w.a, leader_role=LeaderRole.COMMUNE_CHAIR,
                                        leader_name="Nguyễn Văn Chủ", day=_days(-ago), place="Trụ sở UBND xã")
    if held:
        r = services.reception_day_record(actor=w.officer_a, reception_day=r, outcome="held")
    return r


# --- services ------------------------------------------------------------------------------------------


@case("dialogues.dialogue_schedule")
def dialogue_schedule(w):
    return _each(w, lambda where: _schedule_kwargs(w, where))


@case("dialogues.dialogue_cancel")
def dialogue_cancel(w):
    return _each(w, lambda where: {"dialogue": _dialogue(w, where), "reason": "Hoãn vì mưa bão"})


@case("dialogues.dialogue_mark_held")
def dialogue_mark_held(w):
    def build(where):
        d = services.dialogue_schedule(actor=_manager(w, where), **_schedule_kwargs(w, where, held_on=_days(-1)))
        return {"dialogue": d, "attendees": 30, "summary": "Thống nhất"}

    return _each(w, build)


@case("dialogues.question_record")
def question_record(w):
    return _each(w, lambda where: {"dialogue": _dialogue(w, where), "text": "Có mở lớp dạy nghề không?",
                                   "source_note": "Chi đoàn thôn"})


@case("dialogues.question_answer")
def question_answer(w):
    return _each(w, lambda where: {"question": _question(w, where), "answer": "Tháng sau sẽ sửa."})


@case("dialogues.commitment_add")
def commitment_add(w):
    return _each(w, lambda where: {"dialogue": _dialogue(w, where, held=True), "text": "Lắp đèn đường",
                                   "owner": "UBND xã", "due_on": _days(20)})


@case("dialogues.commitment_progress")
def commitment_progress(w):
    return _each(w, lambda where: {"commitment": _commitment(w, where), "note": "Đã mua vật tư"})


@case("dialogues.commitment_complete")
def commitment_complete(w):
    return _each(w, lambda where: {"commitment": _commitment(w, where), "result": "Đã hoàn thành"})


@case("dialogues.reception_day_schedule")
def reception_day_schedule(w):
    return variant(w.a, unit=w.a, leader_role=LeaderRole.COMMUNE_CHAIR, leader_name="Nguyễn Văn Chủ", day=_days(3),
                   place="Trụ sở UBND xã")


@case("dialogues.reception_day_record")
def reception_day_record(w):
    return variant(w.a, reception_day=_reception_day(w), outcome="held")


@case("dialogues.visit_record")
def visit_record(w):
    return [variant(w.a, reception_day=_reception_day(w, held=True), kind="guidance", visitor_name="Phạm Văn Dũng",
                    summary="Hỏi thủ tục cấp lại sổ đỏ"),
            variant(w.a, label="feedback (a case)", reception_day=_reception_day(w, held=True, ago=2), kind="feedback",
                    visitor_name="Vũ Văn Hải", summary="Cống thoát nước tắc ở xóm 3")]


# --- private reads -------------------------------------------------------------------------------------


@case("dialogues.dialogue_get_for_manager")
def dialogue_get_for_manager(w):
    return _each(w, lambda where: {"pk": _dialogue(w, where).pk})


@case("dialogues.dialogues_for_manager")
def dialogues_for_manager(w):
    return variant(w.a, unit=w.a)


@case("dialogues.dialogues_for_org_manager")
def dialogues_for_org_manager(w):
    return [variant(w.org, label="enterprise", organization=w.org),
            variant(w.org2, label="agency", organization=w.org2)]


@case("dialogues.question_get_for_manager")
def question_get_for_manager(w):
    return _each(w, lambda where: {"pk": _question(w, where).pk})


@case("dialogues.commitment_get_for_manager")
def commitment_get_for_manager(w):
    return _each(w, lambda where: {"pk": _commitment(w, where).pk})


@case("dialogues.reception_day_get_for_manager")
def reception_day_get_for_manager(w):
    return variant(w.a, pk=_reception_day(w).pk)


@case("dialogues.visits_of")
def visits_of(w):
    return variant(w.a, reception_day=_reception_day(w, held=True))


@case("dialogues.reception_month")
def reception_month(w):
    today = timezone.localdate()
    return variant(w.a, unit=w.a, year=today.year, month=today.month)
