"""The date the queue shows and the daily sweep flags is the earliest deadline binding the case's
current state: a board recommendation's 15-day answer (Law 10/2022 Arts. 40, 45) beside the 10-working-day
reply (Citizen Reception Law Art. 28(1)); a complaint's 10-day acceptance (Law on Complaints Arts. 27, 36)
beside the implementing rules' working-day limit (Circular 07/2013 Art. 5; Decree 124/2020 Art. 16(1) as
amended by Decree 155/2026 from 1/7/2026)."""

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.cases import services
from danchu.cases.models import Case
from danchu.cases.selectors import QueueFilters, case_queue
from danchu.core.calendar import add_days_ending_on_working_day, add_working_days

pytestmark = pytest.mark.django_db

D = dt.date
AMENDED = D(2026, 7, 1)


def _expected(kind: str, from_board: bool, received: dt.date) -> dt.date:
    """The binding deadlines of a case just received, each from its article, and the earliest of them."""
    if kind == "complaint":
        outer = 7 if received >= AMENDED else 10
        binding = [add_days_ending_on_working_day(received, 10), add_working_days(received, outer)]
    elif kind == "denunciation":
        binding = [add_working_days(received, 7)]
    else:
        binding = [add_working_days(received, 10)]
        if from_board:
            binding.append(add_days_ending_on_working_day(received, 15))
    return min(binding)


def _receive_by_officer(unit, officer, kind, received, from_board=False):
    fields = {"title": "Kiến nghị về đường thôn", "body": "Đường thôn xuống cấp."}
    identity = services.Identity(full_name="Trần Thị Khiếu", address="Thôn An Nội")
    if kind == "complaint":
        fields["decision_complained"] = "Quyết định 12/QĐ-UBND thu hồi đất"
    if kind == "denunciation":
        fields.update(accused="Ông Lê Văn C", violation="Nhận tiền để xác nhận sai")
        identity = services.Identity(full_name="Nguyễn Văn Bímá", address="Thôn Đồng Quê", phone="0912345678")
    case, _ = services.case_receive(user=officer, unit=unit, kind=kind, identity=identity, received_on=received,
                                    from_board=from_board, **fields)
    return case


def _queue_due(officer, unit, case, queue="open", today=None):
    rows = case_queue(user=officer, unit=unit, filters=QueueFilters(queue=queue), today=today)
    return {c.pk: c.next_due for c in rows}.get(case.pk, "absent")


def _flagged_after_sweep(case, day) -> bool:
    Case.objects.filter(pk=case.pk).update(overdue=False)
    services.cases_sweep(today=day)
    return Case.objects.get(pk=case.pk).overdue


def test_board_recommendation_received_29_1_2027_is_due_15_2_and_flagged_on_16_2(tree, officer_a):
    with mock.patch.object(services, "_today", return_value=D(2027, 3, 1)):
        case = _receive_by_officer(tree["a"], officer_a, "recommendation", D(2027, 1, 29), from_board=True)
    # 15 days → Sat 13/2/2027 → Mon 15/2 (Civil Code Art. 148); the 10-working-day reply runs past Tết to 19/2.
    assert (case.resolve_due, case.accept_due) == (D(2027, 2, 15), D(2027, 2, 19))
    assert case.next_due == D(2027, 2, 15)
    assert _queue_due(officer_a, tree["a"], case) == D(2027, 2, 15)
    assert not _flagged_after_sweep(case, D(2027, 2, 15))
    assert _flagged_after_sweep(case, D(2027, 2, 16))


def test_complaint_after_1_7_2026_is_due_on_the_7_working_day_limit(tree, officer_a):
    with mock.patch.object(services, "_today", return_value=D(2026, 9, 30)):
        case = _receive_by_officer(tree["a"], officer_a, "complaint", D(2026, 8, 20))
    # Art. 27: 10 days → 3/9/2026; Decree 124/2020 Art. 16(1) as amended: 7 working days → 28/8/2026.
    assert (case.accept_due, case.accept_due_outer, case.next_due) == (D(2026, 9, 3), D(2026, 8, 28), D(2026, 8, 28))
    assert not _flagged_after_sweep(case, D(2026, 8, 28))
    assert _flagged_after_sweep(case, D(2026, 8, 29))


KINDS = [("feedback", False), ("recommendation", False), ("recommendation", True), ("complaint", False),
         ("denunciation", False)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(received=st.dates(D(2025, 1, 1), D(2027, 12, 31)), which=st.sampled_from(KINDS))
def test_queue_date_and_overdue_flag_are_the_earliest_binding_deadline(tree, officer_a, received, which):
    kind, from_board = which
    unit = tree["a"]
    with transaction.atomic():
        with mock.patch.object(services, "_today", return_value=D(2028, 6, 1)):
            case = _receive_by_officer(unit, officer_a, kind, received, from_board)
        due = _expected(kind, from_board, received)
        assert _queue_due(officer_a, unit, case) == due
        after = due + dt.timedelta(days=1)
        assert _queue_due(officer_a, unit, case, queue="overdue", today=due) == "absent"
        assert _queue_due(officer_a, unit, case, queue="overdue", today=after) == due
        assert not _flagged_after_sweep(case, received)
        assert not _flagged_after_sweep(case, due)
        assert _flagged_after_sweep(case, after)
        transaction.set_rollback(True)


def test_migration_0006_moves_stored_queue_dates_to_the_earliest_binding_deadline(tree, officer_a):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("danchu.cases.migrations.0006_next_due_earliest_binding_deadline")
    with mock.patch.object(services, "_today", return_value=D(2027, 3, 1)):
        board = _receive_by_officer(tree["a"], officer_a, "recommendation", D(2027, 1, 29), from_board=True)
        feedback = _receive_by_officer(tree["a"], officer_a, "feedback", D(2027, 1, 29))
    # As stored before: the queue date was the reply date alone.
    Case.objects.filter(pk=board.pk).update(next_due=board.accept_due)
    migration.forwards(apps, None)
    assert Case.objects.get(pk=board.pk).next_due == D(2027, 2, 15)
    assert Case.objects.get(pk=feedback.pk).next_due == feedback.accept_due == D(2027, 2, 19)
