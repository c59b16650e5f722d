"""Intake, routing and closure through the services: per kind, bad input, idempotency, transfers,
merges, refusals, resolution with notification and transparency log; denied changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.cases import services
from danchu.cases.models import Case, CaseEvent, CaseIdentity, IdentityAccess, Status
from danchu.cases.services import Identity
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent, LogEntry
from danchu.core.roles import Role

from .factories import file_case

pytestmark = pytest.mark.django_db


def test_feedback_without_account_gets_a_tracking_code_and_deadline(tree):
    case = file_case(tree["a"])
    assert len(case.tracking_code) == 10
    assert case.status == Status.RECEIVED and case.kind == "feedback"
    assert case.accept_due is not None and case.next_due == case.accept_due
    assert case.deadline_rules[0]["article"] == "Luật Tiếp công dân 2013, Điều 28 khoản 1"
    assert list(case.events.values_list("action", flat=True)) == ["received"]
    assert CaseIdentity.objects.count() == 0


def test_tracking_codes_are_random_and_unique(tree):
    codes = {file_case(tree["a"]).tracking_code for _ in range(30)}
    assert len(codes) == 30
    assert all(set(c) <= set(services.CODE_ALPHABET) for c in codes)


@pytest.mark.parametrize(("_case", "kind", "kw", "code"), [
    ("complaint without identity", "complaint", {"identity": Identity(full_name="A")}, "identity_required"),
    ("complaint without decision", "complaint", {"decision_complained": " "}, "subject_required"),
    ("denunciation without accused", "denunciation", {"accused": ""}, "subject_required"),
    ("empty body", "feedback", {"body": "  "}, "content_required"),
    ("future event date", "feedback", {"event_date": dt.date(2999, 1, 1)}, "date_in_future"),
    ("unknown kind", "petition", {}, "kind_invalid"),
])
def test_bad_input_writes_nothing(tree, _case, kind, kw, code):
    with pytest.raises(DomainError) as exc:
        file_case(tree["a"], kind, **kw)
    assert exc.value.code == code
    assert exc.value.message  # Vietnamese message for the page
    assert Case.objects.count() == CaseEvent.objects.count() == CaseIdentity.objects.count() == AuditEvent.objects.count() == 0


def test_case_must_go_to_a_current_commune(tree):
    with pytest.raises(DomainError) as exc:
        file_case(tree["a1"])
    assert exc.value.code == "unit_invalid"


@pytest.mark.parametrize(("_case", "identity", "field", "missing"), [
    ("no identity at all", Identity(), "full_name", "họ và tên, địa chỉ"),
    ("a phone and an ID number, no name or address", Identity(phone="0912345678", id_number="001099012345"),
     "full_name", "họ và tên, địa chỉ"),
    ("a name, no address", Identity(full_name="Nguyễn Văn Bímá", phone="0912345678"), "address", "địa chỉ"),
])
def test_a_denunciation_without_name_and_address_is_refused_with_the_reason(tree, _case, identity, field, missing):
    """Law on Denunciations Art. 23: never silently received as feedback, where the name and phone the
    person typed would be readable by every officer of the unit."""
    with pytest.raises(DomainError) as exc:
        file_case(tree["a"], "denunciation", identity=identity)
    assert (exc.value.code, exc.value.field) == ("identity_required", field)
    assert f"Còn thiếu: {missing}." in exc.value.message and "Điều 23" in exc.value.message
    assert "phản ánh" in exc.value.message and "Điều 25" in exc.value.message  # what to do instead
    assert Case.objects.count() == CaseIdentity.objects.count() == CaseEvent.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_idempotent_submission_returns_the_first_case(tree):
    first = file_case(tree["a"], key="phone-retry-1")
    again, created = services.case_submit(user=None, unit=tree["a"], kind="feedback", title="Đèn đường hỏng ở ngõ 5",
                                          body="Đèn tắt từ tuần trước.", idempotency_key="phone-retry-1")
    assert not created and again.pk == first.pk
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == 1


def test_idempotency_key_is_a_database_constraint(tree):
    file_case(tree["a"], key="k1")
    c = Case.objects.get()
    with pytest.raises(IntegrityError):
        Case.objects.create(tracking_code="X" * 10, kind="feedback", channel="web", unit=c.unit, unit_path=c.unit_path,
                            province_code=c.province_code, title="t", body="b", received_on=c.received_on,
                            idempotency_key="k1", idempotency_scope=c.idempotency_scope)


def test_reception_intake_needs_an_officer_of_the_unit(tree, officer_a, officer_b, citizen):
    past = timezone.localdate() - dt.timedelta(days=3)
    case, created = services.case_receive(user=officer_a, unit=tree["a"], kind="complaint", title="Khiếu nại",
                                          body="Nội dung", channel="reception", received_on=past,
                                          decision_complained="Quyết định 12/QĐ-UBND",
                                          identity=Identity(full_name="Trần Thị Khiếu", address="Thôn An Nội"))
    assert created and case.received_on == past and case.channel == "reception"
    for outsider in (officer_b, citizen, None):
        with pytest.raises(NotFound):
            services.case_receive(user=outsider, unit=tree["a"], kind="feedback", title="t", body="b", channel="letter")
    with pytest.raises(DomainError) as exc:
        file_case(tree["a"], received_on=past)  # a citizen cannot backdate
    assert exc.value.code == "invalid"
    with pytest.raises(DomainError) as exc:
        file_case(tree["a"], channel="letter")  # nor take the officer's door
    assert exc.value.code == "invalid" and exc.value.field == "channel"
    with pytest.raises(DomainError) as exc:
        services.case_receive(user=officer_a, unit=tree["a"], kind="feedback", title="t", body="b", channel="web")
    assert exc.value.code == "invalid"
    assert Case.objects.count() == 1 and AuditEvent.objects.filter(action="case.received").count() == 1


def test_accept_assigns_and_sets_resolution_deadline(tree, officer_a):
    case = file_case(tree["a"], "complaint")
    case = services.case_accept(actor=officer_a, case=case, complex_case=True)
    assert case.status == Status.ACCEPTED and case.assigned_to == officer_a
    assert case.accepted_on == timezone.localdate()
    assert case.resolve_due >= case.accepted_on + dt.timedelta(days=45)
    assert case.next_due == case.resolve_due
    assert AuditEvent.objects.filter(action="case.accepted", object_id=str(case.pk)).count() == 1


def test_denunciation_extension_recomputes_the_deadline(tree, officer_a):
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "denunciation"), complex_case=True)
    before = case.resolve_due
    case = services.case_extend(actor=officer_a, case=case, reason="Cần giám định")
    assert case.extensions == 1 and case.resolve_due > before
    with pytest.raises(DomainError) as exc:
        services.case_extend(actor=officer_a, case=case, reason="lần hai")
    assert exc.value.code == "no_extension_left"
    assert Case.objects.get().extensions == 1


def test_transfer_moves_the_case_and_the_citizen_sees_where(tree, officer_a, officer_b):
    case = file_case(tree["a"])
    case = services.case_transfer(actor=officer_a, case=case, target_code="T0B", reason="Địa bàn xã Đông Hòa")
    assert case.unit == tree["b"] and case.status == Status.RECEIVED
    assert case.transferred_to == "Xã Đông Hòa"
    ev = case.events.get(action="transferred")
    assert ev.public and "Xã Đông Hòa" in ev.note and "Địa bàn" in ev.note
    # Officer A has lost it, officer B has it.
    with pytest.raises(NotFound):
        services.case_accept(actor=officer_a, case=case)
    services.case_accept(actor=officer_b, case=case)


@pytest.mark.parametrize(("_case", "target", "reason", "code"), [
    ("body that does not exist", "NOPE", "lý do", "transfer_target_invalid"),
    ("a hamlet is not a competent body", "T0B-01", "lý do", "transfer_target_invalid"),
    ("same unit", "T0A", "lý do", "transfer_target_invalid"),
    ("no reason", "T0B", " ", "reason_required"),
])
def test_bad_transfer_changes_nothing(tree, officer_a, _case, target, reason, code):
    case = file_case(tree["a"])
    with pytest.raises(DomainError) as exc:
        services.case_transfer(actor=officer_a, case=case, target_code=target, reason=reason)
    assert exc.value.code == code
    fresh = Case.objects.get()
    assert fresh.unit == tree["a"] and fresh.transferred_to == ""
    assert fresh.events.count() == 1


def test_bulk_transfer_is_all_or_nothing(tree, officer_a, officer_b):
    mine = [file_case(tree["a"]) for _ in range(3)]
    other = file_case(tree["b"])
    with pytest.raises(NotFound):  # a case that is not in this unit's queue
        services.case_bulk_transfer(actor=officer_a, unit=tree["a"], cases=[*mine, other], target_code="T0B", reason="r")
    with pytest.raises(NotFound):  # another commune's queue
        services.case_bulk_transfer(actor=officer_b, unit=tree["a"], cases=mine, target_code="T0B", reason="r")
    assert Case.objects.filter(unit=tree["a"]).count() == 3 and CaseEvent.objects.count() == 4
    done = services.case_bulk_transfer(actor=officer_a, unit=tree["a"], cases=mine, target_code="T0B", reason="Thuộc xã B")
    assert len(done) == 3 and Case.objects.filter(unit=tree["b"]).count() == 4


def test_merge_duplicates(tree, officer_a):
    a, b = file_case(tree["a"]), file_case(tree["a"])
    merged = services.case_merge(actor=officer_a, case=b, into=a)
    assert merged.status == Status.MERGED and merged.merged_into == a
    with pytest.raises(DomainError) as exc:
        services.case_merge(actor=officer_a, case=a, into=a)
    assert exc.value.code == "merge_target_invalid"


def test_refuse_needs_a_legal_ground(tree, officer_a):
    case = file_case(tree["a"], "complaint")
    with pytest.raises(DomainError) as exc:
        services.case_refuse(actor=officer_a, case=case, ground="")
    assert exc.value.code == "legal_ground_required"
    assert Case.objects.get().status == Status.RECEIVED
    case = services.case_refuse(actor=officer_a, case=case, ground="Quá thời hiệu khiếu nại (Điều 9, Điều 11 Luật Khiếu nại)")
    assert case.status == Status.REFUSED and case.on_time is True


def test_resolve_without_answer_is_refused(tree, officer_a):
    case = file_case(tree["a"])
    with pytest.raises(DomainError) as exc:
        services.case_resolve(actor=officer_a, case=case, answer="  ")
    assert exc.value.code == "answer_required"
    assert Case.objects.get().status == Status.RECEIVED


def test_feedback_answered_notifies_by_email(tree, officer_a, django_capture_on_commit_callbacks):
    case = file_case(tree["a"], identity=Identity(email="dan@example.vn"))
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_resolve(actor=officer_a, case=case, answer="Đã thay bóng đèn.")
    assert case.status == Status.RESOLVED and case.on_time is True
    assert [m.to for m in mail.outbox] == [["dan@example.vn"]]
    assert "Đã thay bóng đèn." in mail.outbox[0].body
    assert IdentityAccess.objects.filter(case=case, purpose="notify", user=None).count() == 1
    assert LogEntry.objects.count() == 0  # feedback answers are not published


def test_denunciation_conclusion_is_published_without_the_denouncer(tree, officer_a):
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "denunciation"))
    case = services.case_resolve(actor=officer_a, case=case, answer="Tố cáo đúng một phần.", decision_ref="KL 3/KL-UBND")
    entry = LogEntry.objects.get()
    assert entry.kind == "case.concluded" and entry.object_id == str(case.pk)
    assert case.tracking_code not in entry.payload  # the code opens the denouncer's own tracking page
    assert "Tố cáo đúng một phần." in entry.payload
    assert "Bímá" not in entry.payload and "0912345678" not in entry.payload
    assert case.after_due is not None  # Art. 40: publish within 7 working days


def test_only_the_assigned_officer_concludes_a_denunciation(tree, officer_a, chair_a):
    case = services.case_accept(actor=officer_a, case=file_case(tree["a"], "denunciation"))
    audits, events = AuditEvent.objects.count(), CaseEvent.objects.count()
    with pytest.raises(PermissionDenied) as exc:  # the chair handles the commune's cases, but is not assigned
        services.case_resolve(actor=chair_a, case=case, answer="x")
    assert "người được giao" in exc.value.message and exc.value.message_en
    fresh = Case.objects.get()
    assert fresh.status == Status.ACCEPTED and fresh.answer == "" and LogEntry.objects.count() == 0
    assert (AuditEvent.objects.count(), CaseEvent.objects.count()) == (audits, events)


@pytest.fixture
def hamlet_head_a(tree):
    user = UserFactory(username="hh")
    grant(user, Role.HAMLET_HEAD, unit=tree["a1"])
    return user


@pytest.mark.parametrize("_case", ["anonymous", "citizen", "hamlet head of A", "officer of B", "officer of A"])
def test_permission_matrix_accept(tree, officer_a, officer_b, citizen, hamlet_head_a, _case):
    from django.contrib.auth.models import AnonymousUser

    actor = {"anonymous": AnonymousUser(), "citizen": citizen, "hamlet head of A": hamlet_head_a,
             "officer of B": officer_b, "officer of A": officer_a}[_case]
    case = file_case(tree["a"])
    audits = AuditEvent.objects.count()
    if _case == "officer of A":
        assert services.case_accept(actor=actor, case=case).status == Status.ACCEPTED
        return
    # A hamlet head's grant reaches hamlet A1 only, not the commune the case lies in: like everyone
    # outside commune A, they do not learn that the case exists (404).
    with pytest.raises(NotFound):
        services.case_accept(actor=actor, case=case)
    fresh = Case.objects.get()
    assert fresh.status == Status.RECEIVED and fresh.assigned_to is None
    assert AuditEvent.objects.count() == audits and fresh.events.count() == 1


def test_daily_sweep_flags_overdue_and_reminds_once(tree, officer_a, django_capture_on_commit_callbacks):
    officer_a.email = "canbo@example.vn"
    officer_a.save()
    late = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    soon = services.case_accept(actor=officer_a, case=file_case(tree["a"], "complaint"))
    Case.objects.filter(pk=late.pk).update(next_due=timezone.localdate() - dt.timedelta(days=1))
    Case.objects.filter(pk=soon.pk).update(next_due=timezone.localdate() + dt.timedelta(days=1))
    from danchu.cases.tasks import cases_daily

    with django_capture_on_commit_callbacks(execute=True):
        result = cases_daily.enqueue().return_value
    assert result == {"overdue_flagged": 1, "reminded": 1}
    assert Case.objects.get(pk=late.pk).overdue
    assert [m.to for m in mail.outbox] == [["canbo@example.vn"]]
    assert services.cases_sweep() == {"overdue_flagged": 0, "reminded": 0}


def test_intake_checks_phone_id_number_and_length_as_every_form_does(tree, citizen):
    """A phone of "12ab", an ID number of "12345" or a 1.2 MB body are refused and nothing is filed;
    a well-typed phone is stored normalised."""
    from danchu.cases.models import Case
    from danchu.cases.services import MAX_BODY, Identity, case_submit

    def submit(**kw):
        fields = {"user": citizen, "unit": tree["a"], "kind": "feedback", "title": "Đèn đường hỏng",
                      "body": "Đèn đường ngõ 3 hỏng đã hai tuần.", "identity": Identity(full_name="Lê Văn Ba")}
        fields.update(kw)
        return case_submit(**fields)

    for identity, code in ((Identity(full_name="Lê Văn Ba", phone="12ab"), "phone_invalid"),
                           (Identity(full_name="Lê Văn Ba", id_number="12345"), "id_number_invalid")):
        with pytest.raises(DomainError) as exc:
            submit(identity=identity)
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        submit(body="x" * 1_200_000)
    assert exc.value.code == "content_too_long" and exc.value.field == "body"
    assert MAX_BODY < 1_200_000
    assert not Case.objects.exists()
    case, created = submit(identity=Identity(full_name="Lê Văn Ba", phone="+84 912 345 678"))
    assert created and case.pk
