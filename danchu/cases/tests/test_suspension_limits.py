"""Suspension stops the clock (Complaints Art. 11a, Denunciations Art. 34(2)); time limits to file a
complaint (Arts. 9, 33) are flagged, never enforced by the machine; transfer to a body outside the platform."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.cases import deadlines, services
from danchu.cases.models import Case, CaseEvent
from danchu.core.calendar import is_working_day
from danchu.core.errors import DomainError

from .factories import file_case

pytestmark = pytest.mark.django_db


def _on(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(services, "_today", lambda: day)


def test_suspension_stops_the_clock_and_adds_the_days_it_stood_still(tree, officer_a, monkeypatch):
    _on(monkeypatch, dt.date(2026, 11, 2))
    case = file_case(tree["a"], "complaint", received_on=None)
    case = services.case_accept(actor=officer_a, case=case)
    # Law on Complaints Art. 28: 30 days from acceptance on Mon 2/11/2026 → Wed 2/12/2026.
    assert case.resolve_due == dt.date(2026, 12, 2)
    _on(monkeypatch, dt.date(2026, 11, 10))
    case = services.case_suspend(actor=officer_a, case=case, reason="Chờ kết quả giám định của cơ quan chuyên môn")
    assert (case.suspended_on, case.resolve_due, case.next_due) == (dt.date(2026, 11, 10), None, None)
    with pytest.raises(DomainError) as exc:
        services.case_resolve(actor=officer_a, case=case, answer="Giữ nguyên quyết định.")
    assert exc.value.code == "suspended"
    assert Case.objects.get(pk=case.pk).status == "accepted"
    # the daily sweep never flags a suspended case overdue
    assert services.cases_sweep(today=dt.date(2027, 3, 1))["overdue_flagged"] == 0
    _on(monkeypatch, dt.date(2026, 11, 20))
    case = services.case_resume(actor=officer_a, case=case)
    # 10 days stood still: 2/11 + 10 + 30 = 12/12/2026, a Saturday → Monday 14/12 (Civil Code Art. 148).
    assert (case.suspended_days, case.resolve_due, case.suspended_on) == (10, dt.date(2026, 12, 14), None)
    assert "không tính 10 ngày tạm đình chỉ" in case.deadline_rules[-1]["label"]
    public = [e.action for e in CaseEvent.objects.filter(case=case, public=True)]
    assert "suspended" in public and "resumed" in public


def test_suspension_is_refused_for_a_complaint_received_before_1_7_2026(tree, officer_a, monkeypatch):
    """Law on Complaints Art. 11a exists from 1/7/2026 (Law 136/2025/QH15): a complaint received on
    30/6/2026 stays under the law as it stood, even when accepted after; one received on 1/7/2026 may
    be suspended."""
    _on(monkeypatch, dt.date(2026, 7, 3))
    old, _ = services.case_receive(user=officer_a, unit=tree["a"], kind="complaint", title="Khiếu nại thu hồi đất",
                                   body="Không đồng ý.", decision_complained="Quyết định 12/QĐ-UBND",
                                   identity=services.Identity(full_name="Trần Thị Khiếu", address="Thôn An Nội"),
                                   received_on=dt.date(2026, 6, 30))
    new, _ = services.case_receive(user=officer_a, unit=tree["a"], kind="complaint", title="Khiếu nại thu hồi đất",
                                   body="Không đồng ý.", decision_complained="Quyết định 13/QĐ-UBND",
                                   identity=services.Identity(full_name="Trần Thị Khiếu", address="Thôn An Nội"),
                                   received_on=dt.date(2026, 7, 1))
    old = services.case_accept(actor=officer_a, case=old)
    new = services.case_accept(actor=officer_a, case=new)
    before = Case.objects.values().get(pk=old.pk)
    events = CaseEvent.objects.filter(case=old).count()
    with pytest.raises(DomainError) as exc:
        services.case_suspend(actor=officer_a, case=old, reason="Chờ kết quả giám định")
    assert exc.value.code == "rule_not_in_force"
    assert "01/07/2026" in exc.value.message
    assert Case.objects.values().get(pk=old.pk) == before
    assert CaseEvent.objects.filter(case=old).count() == events
    suspended = services.case_suspend(actor=officer_a, case=new, reason="Chờ kết quả giám định")
    assert suspended.suspended_on == dt.date(2026, 7, 3)
    assert Case.objects.get(pk=new.pk).suspended_on == dt.date(2026, 7, 3)


def test_officer_page_offers_suspension_only_where_art_11a_applies(tree, officer_a, client, monkeypatch):
    _on(monkeypatch, dt.date(2026, 7, 3))
    rows = []
    for received in (dt.date(2026, 6, 30), dt.date(2026, 7, 1)):
        case, _ = services.case_receive(user=officer_a, unit=tree["a"], kind="complaint", title="Khiếu nại",
                                        body="Không đồng ý.", decision_complained="Quyết định 12/QĐ-UBND",
                                        identity=services.Identity(full_name="Trần Thị Khiếu", address="Thôn An Nội"),
                                        received_on=received)
        rows.append(services.case_accept(actor=officer_a, case=case))
    client.force_login(officer_a)
    old, new = (client.get(f"/quan-ly/ho-so/{c.pk}/").content.decode() for c in rows)
    assert "/suspend/" not in old and "/suspend/" in new


def test_only_accepted_complaints_and_denunciations_are_suspended(tree, officer_a):
    feedback = file_case(tree["a"], "feedback")
    with pytest.raises(DomainError) as exc:
        services.case_suspend(actor=officer_a, case=feedback, reason="x")
    assert exc.value.code == "wrong_state"
    complaint = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    with pytest.raises(DomainError) as exc:
        services.case_suspend(actor=officer_a, case=complaint, reason=" ")
    assert exc.value.code == "reason_required"
    assert Case.objects.get(pk=complaint.pk).suspended_on is None


def test_another_units_officer_cannot_suspend(tree, officer_a, officer_b):
    complaint = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    with pytest.raises(DomainError):
        services.case_suspend(actor=officer_b, case=complaint, reason="Không phải việc của tôi")
    assert Case.objects.get(pk=complaint.pk).suspended_on is None


@settings(max_examples=60, deadline=None)
@given(accepted=st.dates(dt.date(2025, 1, 1), dt.date(2027, 6, 30)), stood=st.integers(0, 120))
def test_suspended_days_move_the_deadline_and_it_still_ends_on_a_working_day(accepted, stood):
    case = Case(kind="complaint", status="accepted", received_on=accepted, accepted_on=accepted, suspended_days=stood)
    due = deadlines.compute(case)["resolve_due"]
    plain = deadlines.compute(Case(kind="complaint", status="accepted", received_on=accepted, accepted_on=accepted))["resolve_due"]
    # Civil Code Art. 148: the first working day on or after the shifted last day.
    last = accepted + dt.timedelta(days=30 + stood)
    assert is_working_day(due) and due >= last and due >= plain
    assert not any(is_working_day(last + dt.timedelta(days=k)) for k in range((due - last).days))


def test_late_complaint_is_flagged_not_refused(tree, officer_a, monkeypatch):
    _on(monkeypatch, dt.date(2026, 4, 7))
    # Art. 9: 90 days from receiving the decision on 5/1/2026 → 5/4/2026, a Sunday → Monday 6/4/2026.
    late = file_case(tree["a"], "complaint", event_date=dt.date(2026, 1, 5))
    assert late.filed_late is True and late.status == "received"
    row = next(r for r in late.deadline_rules if r["step"] == "filing")
    assert (row["due"], row["article"]) == ("2026-04-06", "Luật Khiếu nại 2011, Điều 9")
    _on(monkeypatch, dt.date(2026, 4, 6))
    in_time = file_case(tree["a"], "complaint", event_date=dt.date(2026, 1, 5))
    assert in_time.filed_late is False


def test_second_complaint_window_runs_from_the_first_decision(tree, monkeypatch):
    _on(monkeypatch, dt.date(2026, 3, 20))
    # Art. 33: 30 days after receiving the first decision on 10/2/2026 → 12/3/2026: filed late.
    case = file_case(tree["a"], "complaint", second_time=True, first_decision_on=dt.date(2026, 2, 10))
    row = next(r for r in case.deadline_rules if r["step"] == "filing")
    assert (row["due"], row["article"], case.filed_late) == ("2026-03-12", "Luật Khiếu nại 2011, Điều 33", True)


def test_transfer_to_a_body_outside_the_platform(tree, officer_a, client):
    case = file_case(tree["a"], "feedback")
    with pytest.raises(DomainError) as exc:
        services.case_transfer_external(actor=officer_a, case=case, body="", reason="Thuộc thẩm quyền Tòa án")
    assert exc.value.code == "transfer_target_invalid"
    assert Case.objects.get(pk=case.pk).status == "received"
    case = services.case_transfer_external(actor=officer_a, case=case, body="Tòa án nhân dân khu vực 3 Ninh Bình",
                                           reason="Tranh chấp đất đai giữa các hộ thuộc thẩm quyền Tòa án")
    assert (case.status, case.is_open, case.transferred_to) == ("transferred", False, "Tòa án nhân dân khu vực 3 Ninh Bình")
    html = client.get("/tra-cuu/", {"code": case.tracking_code}).content.decode()
    assert "Tòa án nhân dân khu vực 3 Ninh Bình" in html and "thuộc thẩm quyền Tòa án" in html


def test_officer_page_offers_the_steps_of_the_state(tree, officer_a, client):
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    client.force_login(officer_a)
    html = client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()
    assert "Tạm đình chỉ giải quyết" in html and "Tiếp tục giải quyết" not in html
    r = client.post(f"/quan-ly/ho-so/{case.pk}/suspend/", {"reason": "Chờ giám định"})
    assert r.status_code == 302
    html = client.get(f"/quan-ly/ho-so/{case.pk}/").content.decode()
    assert 'id="suspended"' in html and "Tiếp tục giải quyết" in html


def test_api_suspend_resume_and_external_transfer(tree, officer_a, officer_b, client):
    from danchu.accounts.services import api_token_create

    complaint = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    raw = api_token_create(user=officer_a)
    h = {"Authorization": f"Bearer {raw}"}
    r = client.post(f"/api/v1/cases/{complaint.pk}/suspend", {"reason": "Chờ giám định"}, content_type="application/json", headers=h)
    assert r.status_code == 200 and r.json()["suspended_on"] is not None
    r = client.post(f"/api/v1/cases/{complaint.pk}/resume", {}, content_type="application/json", headers=h)
    assert r.status_code == 200 and r.json()["suspended_on"] is None
    r = client.post(f"/api/v1/cases/{complaint.pk}/transfer-external", {"body": "Tòa án", "reason": "Đã khởi kiện"},
                    content_type="application/json", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "transferred"
    raw_b = api_token_create(user=officer_b)
    other = file_case(tree["a"], "feedback")
    r = client.post(f"/api/v1/cases/{other.pk}/transfer-external", {"body": "Tòa án", "reason": "x"},
                    content_type="application/json", headers={"Authorization": f"Bearer {raw_b}"})
    assert r.status_code in (403, 404) and Case.objects.get(pk=other.pk).status == "received"


def test_a_filing_limit_ending_on_a_make_up_saturday_runs_to_the_next_ordinary_working_day(db):
    # Saturday 10/1/2026 is a make-up working day (Official Letter 12729/VPCP-KGVX). A second complaint
    # may be lodged within 30 days of the first decision (Law on Complaints Art. 33): from 11/12/2025
    # the 30th day is that Saturday, so the citizen's period runs to Monday 12/1 (Civil Code Art. 148,
    # read in the citizen's favour). The authority's own 30-day period keeps the Saturday.
    first_decision = dt.date(2025, 12, 11)
    assert first_decision + dt.timedelta(days=30) == dt.date(2026, 1, 10)
    assert deadlines.SECOND_FILING.due(first_decision) == dt.date(2026, 1, 12)
    authority = deadlines.Rule("resolve", "x", 30, False, "x")
    assert authority.due(first_decision) == dt.date(2026, 1, 10)
