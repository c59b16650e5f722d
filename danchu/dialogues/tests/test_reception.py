"""Citizen reception: the calendar and its warnings, each day's outcome, visits, and a case in one step."""

import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.cases.models import Case, CaseIdentity, Channel
from danchu.cases.services import case_identity_read
from danchu.core import registry
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.core.roles import Role
from danchu.dialogues import services
from danchu.dialogues.frequencies import month_bounds
from danchu.dialogues.models import LeaderRole, ReceptionDay, ReceptionStatus, ReceptionVisit
from danchu.dialogues.selectors import reception_month

from .helpers import days, reception_day, today


def test_schedule_and_hold_a_day(tree, officer_a):
    r = reception_day(officer_a, tree["a"], day=days(-1))
    assert r.status == ReceptionStatus.PLANNED
    r = services.reception_day_record(actor=officer_a, reception_day=r, outcome="held")
    assert r.status == ReceptionStatus.HELD


@pytest.mark.parametrize(("_case", "kw", "code"), [
    ("province_role_in_commune", {"leader_role": LeaderRole.PROVINCE_CHAIR}, "leader_role_invalid"),
    ("other_leader", {"leader_role": LeaderRole.OTHER}, "leader_role_invalid"),
    ("ad_hoc_without_reason", {"kind": "ad_hoc"}, "ad_hoc_reason_required"),
    ("no_place", {"place": ""}, "field_required"),
])
def test_schedule_bad_input(tree, officer_a, _case, kw, code):
    with pytest.raises(DomainError) as exc:
        reception_day(officer_a, tree["a"], **kw)
    assert exc.value.code == code
    assert ReceptionDay.objects.count() == 0


def test_one_day_per_leader(tree, officer_a):
    reception_day(officer_a, tree["a"], day=days(2))
    with pytest.raises(DomainError) as exc:
        reception_day(officer_a, tree["a"], day=days(2))
    assert exc.value.code == "reception_day_exists"
    reception_day(officer_a, tree["a"], day=days(2), leader_role=LeaderRole.COMMUNE_PARTY_SECRETARY)
    assert ReceptionDay.objects.count() == 2


def test_outcomes(tree, officer_a):
    future = reception_day(officer_a, tree["a"], day=days(3))
    with pytest.raises(DomainError) as exc:
        services.reception_day_record(actor=officer_a, reception_day=future, outcome="held")
    assert exc.value.code == "date_in_future"
    with pytest.raises(DomainError) as exc:
        services.reception_day_record(actor=officer_a, reception_day=future, outcome="cancelled")
    assert exc.value.code == "field_required"
    services.reception_day_record(actor=officer_a, reception_day=future, outcome="cancelled", note="Họp tỉnh")
    past = reception_day(officer_a, tree["a"], day=days(-3))
    # Heads may not delegate: a deputy's day is recorded but is not the head's day.
    r = services.reception_day_record(actor=officer_a, reception_day=past, outcome="deputy", note="Phó chủ tịch tiếp thay")
    assert r.status == ReceptionStatus.DEPUTY
    with pytest.raises(DomainError) as exc:
        services.reception_day_record(actor=officer_a, reception_day=past, outcome="held")
    assert exc.value.code == "wrong_state"


def test_month_warnings_follow_the_calendar(tree, officer_a):
    t = today()
    first, last = month_bounds(t.year, t.month)
    plan = reception_month(user=officer_a, unit=tree["a"], year=t.year, month=t.month)
    assert plan.required == sum(s.required for s in plan.shortfalls)  # nothing scheduled: every requirement warns
    assert plan.shortfalls and all(s.scheduled == 0 for s in plan.shortfalls)
    # Schedule the secretary's two days and the chair's days: no warning left for the secretary.
    for d in (first, last):
        reception_day(officer_a, tree["a"], day=d, leader_role=LeaderRole.COMMUNE_PARTY_SECRETARY)
    plan = reception_month(user=officer_a, unit=tree["a"], year=t.year, month=t.month)
    assert LeaderRole.COMMUNE_PARTY_SECRETARY not in {s.leader_role for s in plan.shortfalls}
    # A cancelled day or an ad-hoc day does not fill the requirement.
    services.reception_day_record(actor=officer_a, reception_day=ReceptionDay.objects.get(day=first), outcome="cancelled",
                                  note="Hủy")
    reception_day(officer_a, tree["a"], day=first, leader_role=LeaderRole.COMMUNE_CHAIR, kind="ad_hoc",
                  reason="Đoàn đông người về đất đai")
    plan = reception_month(user=officer_a, unit=tree["a"], year=t.year, month=t.month)
    sec = [s for s in plan.shortfalls if s.leader_role == LeaderRole.COMMUNE_PARTY_SECRETARY]
    assert [(s.scheduled, s.missing) for s in sec] == [(1, 1)]
    assert "Kết luận 215-KL/TW" in sec[0].message


def test_month_plan_is_private(tree, officer_b):
    t = today()
    with pytest.raises(NotFound):
        reception_month(user=officer_b, unit=tree["a"], year=t.year, month=t.month)


# --- visits and cases ---------------------------------------------------------------------------------


def test_a_guidance_visit_makes_no_case(tree, officer_a):
    r = reception_day(officer_a, tree["a"], held=True)
    v = services.visit_record(actor=officer_a, reception_day=r, kind="guidance", visitor_name="Phạm Văn Dũng",
                              summary="Hỏi thủ tục cấp lại sổ đỏ", guidance="Hướng dẫn nộp hồ sơ tại bộ phận một cửa")
    assert v.case_code == "" and Case.objects.count() == 0


def test_a_visit_on_a_planned_day_is_refused(tree, officer_a):
    r = reception_day(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        services.visit_record(actor=officer_a, reception_day=r, kind="guidance", visitor_name="A", summary="B")
    assert exc.value.code == "reception_day_not_held"


def test_a_complaint_becomes_a_case_in_one_step(tree, officer_a):
    r = reception_day(officer_a, tree["a"], day=days(-2), held=True)
    v = services.visit_record(
        actor=officer_a, reception_day=r, kind="complaint", visitor_name="Trần Văn Bình", visitor_address="Thôn Đồng Quê",
        visitor_phone="0912000111", summary="Không đồng ý với quyết định thu hồi đất số 12/QĐ-UBND",
        decision_complained="Quyết định 12/QĐ-UBND thu hồi đất", case_title="Khiếu nại quyết định thu hồi đất")
    case = Case.objects.get()
    assert v.case_code == case.tracking_code
    assert (case.kind, case.channel, case.unit, case.received_on, case.title) == (
        "complaint", Channel.RECEPTION, tree["a"], days(-2), "Khiếu nại quyết định thu hồi đất")
    assert case.accept_due is not None  # the case's deadlines run from the day of reception
    assert case_identity_read(actor=officer_a, case=case)["full_name"] == "Trần Văn Bình"
    assert AuditEvent.objects.filter(action="reception.visit_recorded", object_id=str(v.pk)).count() == 1


def test_a_denunciation_keeps_the_identity_only_in_the_case(tree, officer_a):
    r = reception_day(officer_a, tree["a"], held=True)
    v = services.visit_record(actor=officer_a, reception_day=r, kind="denunciation", visitor_name="Người Tố Cáo",
                              visitor_address="Thôn An Nội", summary="Tố cáo cán bộ địa chính nhận tiền",
                              accused="Cán bộ địa chính xã", violation="Nhận tiền khi làm thủ tục")
    assert v.visitor_name == ""
    case = Case.objects.get(tracking_code=v.case_code)
    assert case.kind == "denunciation" and CaseIdentity.objects.filter(case=case).exists()
    assert "Người Tố Cáo" not in str(list(ReceptionVisit.objects.values()))


def test_if_the_case_service_refuses_the_visit_is_not_written(tree, officer_a):
    r = reception_day(officer_a, tree["a"], held=True)
    audits = AuditEvent.objects.count()
    # Law on Complaints Art. 8: a complaint needs the complainant's address; the case service refuses.
    with pytest.raises(DomainError) as exc:
        services.visit_record(actor=officer_a, reception_day=r, kind="complaint", visitor_name="Trần Văn Bình",
                              summary="Khiếu nại", decision_complained="Quyết định 12")
    assert exc.value.code == "identity_required"
    assert (ReceptionVisit.objects.count(), Case.objects.count(), AuditEvent.objects.count()) == (0, 0, audits)


def test_without_a_case_handler_the_visit_is_refused(tree, officer_a, monkeypatch):
    monkeypatch.setitem(registry._FACT_HANDLERS, services.CASE_FACT, [])
    r = reception_day(officer_a, tree["a"], held=True)
    with pytest.raises(DomainError) as exc:
        services.visit_record(actor=officer_a, reception_day=r, kind="feedback", visitor_name="A", summary="Đèn hỏng")
    assert exc.value.code == "case_intake_unavailable"
    assert ReceptionVisit.objects.count() == 0


def test_a_province_visit_cannot_become_a_commune_case(tree):
    admin = UserFactory()
    grant(admin, Role.ADMIN, unit=tree["province"])
    r = reception_day(admin, tree["province"], held=True, leader_role=LeaderRole.PROVINCE_CHAIR)
    with pytest.raises(DomainError) as exc:
        services.visit_record(actor=admin, reception_day=r, kind="feedback", visitor_name="A", summary="Đường hỏng")
    assert exc.value.code == "unit_invalid"
    assert ReceptionVisit.objects.count() == 0


@pytest.fixture
def front_a(tree):
    u = UserFactory()
    grant(u, Role.FRONT_OFFICER, unit=tree["a"])
    return u


@pytest.mark.parametrize("who", ["officer_b", "citizen", "front_a"])
@pytest.mark.parametrize("action", ["schedule", "outcome", "visit"])
def test_only_the_units_officials_keep_its_reception(request, tree, officer_a, who, action):
    planned = reception_day(officer_a, tree["a"], day=days(-1))
    held = reception_day(officer_a, tree["a"], day=days(-2), held=True)
    actor = request.getfixturevalue(who)
    before = (list(ReceptionDay.objects.values_list("pk", "status")), ReceptionVisit.objects.count(), Case.objects.count(),
              AuditEvent.objects.count())
    calls = {
        "schedule": lambda: reception_day(actor, tree["a"], day=days(5)),
        "outcome": lambda: services.reception_day_record(actor=actor, reception_day=planned, outcome="held"),
        "visit": lambda: services.visit_record(actor=actor, reception_day=held, kind="feedback", visitor_name="A",
                                               summary="Đèn đường hỏng"),
    }
    with pytest.raises(PermissionDenied if who == "front_a" else NotFound):
        calls[action]()
    after = (list(ReceptionDay.objects.values_list("pk", "status")), ReceptionVisit.objects.count(), Case.objects.count(),
             AuditEvent.objects.count())
    assert after == before
