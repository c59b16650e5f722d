"""Dialogues: scheduling, questions (web, paper, in the hall), answers, commitments and their follow-up."""

import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.core.roles import Role
from danchu.dialogues import services
from danchu.dialogues.models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueQuestion,
    DialogueStatus,
    LeaderRole,
)
from danchu.dialogues.selectors import commitments_public, is_overdue
from danchu.units.tests.factories import OrganizationFactory

from .helpers import days, dialogue, held_dialogue, paper_question, today


def test_schedule_a_commune_dialogue(tree, chair_a):
    d = dialogue(chair_a, tree["a"], held_on=days(5))
    assert (d.status, d.unit_path, d.province_code) == (DialogueStatus.SCHEDULED, tree["a"].path, tree["a"].province_code)
    assert AuditEvent.objects.filter(action="dialogue.scheduled", object_id=str(d.pk)).count() == 1


@pytest.mark.parametrize(("_case", "kw", "code"), [
    ("no_topic", {"topic": " "}, "field_required"),
    ("no_place", {"place": ""}, "field_required"),
    ("wrong_leader", {"leader_role": LeaderRole.PROVINCE_CHAIR}, "leader_role_invalid"),
])
def test_schedule_bad_input_writes_nothing(tree, officer_a, _case, kw, code):
    with pytest.raises(DomainError) as exc:
        dialogue(officer_a, tree["a"], **kw)
    assert exc.value.code == code and exc.value.message
    assert Dialogue.objects.count() == 0


def test_a_hamlet_holds_no_dialogue_here(tree, officer_a):
    with pytest.raises(DomainError) as exc:
        dialogue(officer_a, tree["a1"])
    assert exc.value.code == "unit_invalid"


def test_org_head_schedules_a_workplace_dialogue(tree):
    org = OrganizationFactory(unit=tree["a"], name="Trường THCS Bình Lục")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    d = services.dialogue_schedule(actor=head, unit=tree["a"], organization=org, leader_role=LeaderRole.ORG_HEAD,
                                   leader_name="Hiệu trưởng", topic="Đối thoại với giáo viên", held_on=days(3),
                                   place="Phòng họp", audience="Giáo viên, nhân viên")
    assert d.organization == org and d.unit == tree["a"]
    # The org head has no right on the commune itself (outside the grant's scope: 404).
    with pytest.raises(NotFound):
        dialogue(head, tree["a"])


def test_citizen_registers_a_question_with_account(tree, officer_a, citizen):
    d = dialogue(officer_a, tree["a"])
    q = services.question_register(user=citizen, dialogue=d, text="Xin hỏi kế hoạch nạo vét kênh tưới tiêu năm tới?")
    assert (q.source, q.asked_by, q.asker_name, q.received_on) == ("web", citizen, citizen.full_name, today())
    assert q.public_asker == ""  # no consent, no name in public


def test_question_without_account_needs_name_and_phone(tree, officer_a):
    from django.contrib.auth.models import AnonymousUser

    d = dialogue(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        services.question_register(user=AnonymousUser(), dialogue=d, text="Câu hỏi không có tên người hỏi?")
    assert exc.value.code == "contact_required"
    with pytest.raises(DomainError) as exc:
        services.question_register(user=AnonymousUser(), dialogue=d, text="Câu hỏi có tên nhưng số sai?",
                                   asker_name="Lê Thị Hoa", asker_phone="12345")
    assert exc.value.code == "phone_invalid"
    assert DialogueQuestion.objects.count() == 0
    q = services.question_register(user=AnonymousUser(), dialogue=d, text="Bao giờ có điện chiếu sáng ngõ xóm?",
                                   asker_name="Lê Thị Hoa", asker_phone="0912 345 678", show_name=True)
    assert (q.asker_phone, q.public_asker) == ("0912345678", "Lê Thị Hoa")


def test_duplicate_and_short_questions_are_refused(tree, officer_a, citizen):
    d = dialogue(officer_a, tree["a"])
    services.question_register(user=citizen, dialogue=d, text="Đường liên thôn bao giờ sửa?")
    with pytest.raises(DomainError) as exc:
        services.question_register(user=citizen, dialogue=d, text="đường liên thôn bao gio sua?")
    assert exc.value.code == "duplicate_question"
    with pytest.raises(DomainError) as exc:
        services.question_register(user=citizen, dialogue=d, text="ngắn")
    assert exc.value.code == "field_required"
    assert DialogueQuestion.objects.count() == 1


def test_no_web_question_after_the_dialogue_was_held(tree, officer_a, citizen):
    d = held_dialogue(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        services.question_register(user=citizen, dialogue=d, text="Câu hỏi gửi muộn sau buổi đối thoại")
    assert exc.value.code == "questions_closed"


def test_paper_question_needs_its_source(tree, officer_a):
    d = dialogue(officer_a, tree["a"])
    with pytest.raises(DomainError) as exc:
        paper_question(officer_a, d, source_note="")
    assert exc.value.code == "field_required" and exc.value.field == "source_note"
    q = paper_question(officer_a, d)
    assert (q.source, q.source_note, q.recorded_by) == ("paper", "Hòm thư góp ý thôn Đồng Quê", officer_a)


def test_question_in_the_hall_is_dated_on_the_dialogue(tree, officer_a):
    d = dialogue(officer_a, tree["a"], held_on=days(-2))
    with pytest.raises(DomainError) as exc:
        paper_question(officer_a, d, source="at_dialogue")
    assert exc.value.code == "dialogue_not_held"
    services.dialogue_mark_held(actor=officer_a, dialogue=d, attendees=80)
    q = paper_question(officer_a, d, source="at_dialogue", source_note="")
    assert q.received_on == days(-2)


def test_answer_before_the_dialogue_date_is_refused(tree, officer_a):
    d = dialogue(officer_a, tree["a"], held_on=days(3))
    q = paper_question(officer_a, d)
    with pytest.raises(DomainError) as exc:
        services.question_answer(actor=officer_a, question=q, answer="Sẽ làm trong quý I.")
    assert exc.value.code == "answer_before_dialogue"
    assert "chưa thể ghi câu trả lời" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.dialogue_mark_held(actor=officer_a, dialogue=d, attendees=10)
    assert exc.value.code == "answer_before_dialogue"
    q.refresh_from_db()
    d.refresh_from_db()
    assert (q.answer, q.answered_on, d.status) == ("", None, DialogueStatus.SCHEDULED)


def test_answer_dated_before_the_dialogue_is_refused(tree, officer_a):
    d = dialogue(officer_a, tree["a"], held_on=days(-5))
    q = paper_question(officer_a, d, received_on=days(-9))
    services.dialogue_mark_held(actor=officer_a, dialogue=d, attendees=50)
    with pytest.raises(DomainError) as exc:
        services.question_answer(actor=officer_a, question=q, answer="Đã trả lời", answered_on=days(-6))
    assert exc.value.code == "answer_before_dialogue"
    q = services.question_answer(actor=officer_a, question=q, answer="Quý I năm sau khởi công.")
    assert (q.answered_on, q.answered_by) == (days(-5), "Nguyễn Văn Chủ")


def test_answer_needs_the_dialogue_held(tree, officer_a):
    d = dialogue(officer_a, tree["a"], held_on=today())
    q = paper_question(officer_a, d)
    with pytest.raises(DomainError) as exc:
        services.question_answer(actor=officer_a, question=q, answer="Trả lời")
    assert exc.value.code == "dialogue_not_held"


def test_commitment_follow_up_to_done(tree, chair_a):
    d = held_dialogue(chair_a, tree["a"], ago=20)
    q = paper_question(chair_a, d, received_on=days(-25))
    c = services.commitment_add(actor=chair_a, dialogue=d, text="Sửa 300 m đường thôn Đồng Quê", owner="Công chức giao thông xã",
                                due_on=days(-1), question=q)
    assert (c.made_on, c.status) == (days(-20), CommitmentStatus.OPEN)
    assert is_overdue(c) and list(commitments_public(unit=tree["a"], state="overdue")) == [c]
    c = services.commitment_progress(actor=chair_a, commitment=c, note="Đã khảo sát, lập dự toán")
    assert "Đã khảo sát" in c.progress
    c = services.commitment_complete(actor=chair_a, commitment=c, result="Đã đổ bê tông xong", done_on=today())
    assert (c.status, c.kept_on_time, c.overdue) == (CommitmentStatus.DONE, False, False)
    with pytest.raises(DomainError) as exc:
        services.commitment_complete(actor=chair_a, commitment=c, result="Lần nữa")
    assert exc.value.code == "commitment_done"


@pytest.mark.parametrize(("_case", "kw", "code"), [
    ("no_owner", {"owner": ""}, "field_required"),
    ("no_deadline", {"due_on": None}, "field_required"),
    ("deadline_before_dialogue", {"due_on": "before"}, "due_before_dialogue"),
])
def test_commitment_bad_input(tree, officer_a, _case, kw, code):
    d = held_dialogue(officer_a, tree["a"], ago=3)
    args = {"text": "Lắp đèn đường", "owner": "UBND xã", "due_on": days(30), **kw}
    if args["due_on"] == "before":
        args["due_on"] = days(-4)
    with pytest.raises(DomainError) as exc:
        services.commitment_add(actor=officer_a, dialogue=d, **args)
    assert exc.value.code == code
    assert Commitment.objects.count() == 0


def test_commitment_on_a_question_of_another_dialogue(tree, officer_a):
    d1, d2 = held_dialogue(officer_a, tree["a"]), held_dialogue(officer_a, tree["a"], topic="Khác")
    q = paper_question(officer_a, d2, received_on=days(-12))
    with pytest.raises(DomainError) as exc:
        services.commitment_add(actor=officer_a, dialogue=d1, text="x", owner="y", due_on=days(5), question=q)
    assert exc.value.code == "question_of_other_dialogue"


def test_commitment_before_the_dialogue_is_refused(tree, officer_a):
    d = dialogue(officer_a, tree["a"], held_on=days(2))
    with pytest.raises(DomainError) as exc:
        services.commitment_add(actor=officer_a, dialogue=d, text="x", owner="y", due_on=days(5))
    assert exc.value.code == "answer_before_dialogue"


def test_daily_sweep_flags_overdue_once(tree, officer_a):
    d = held_dialogue(officer_a, tree["a"], ago=30)
    late = services.commitment_add(actor=officer_a, dialogue=d, text="a", owner="b", due_on=days(-1))
    due_today = services.commitment_add(actor=officer_a, dialogue=d, text="c", owner="d", due_on=today())
    done = services.commitment_add(actor=officer_a, dialogue=d, text="e", owner="f", due_on=days(-2))
    services.commitment_complete(actor=officer_a, commitment=done, result="xong", done_on=days(-3))
    assert services.commitments_sweep() == {"overdue_flagged": 1}
    assert services.commitments_sweep() == {"overdue_flagged": 0}
    flags = dict(Commitment.objects.values_list("pk", "overdue"))
    assert flags == {late.pk: True, due_today.pk: False, done.pk: False}
    from danchu.dialogues.tasks import dialogues_daily

    assert dialogues_daily.call() == {"overdue_flagged": 0}


def test_cancel(tree, officer_a):
    d = dialogue(officer_a, tree["a"])
    with pytest.raises(DomainError):
        services.dialogue_cancel(actor=officer_a, dialogue=d, reason="")
    d = services.dialogue_cancel(actor=officer_a, dialogue=d, reason="Bão số 3")
    assert d.status == DialogueStatus.CANCELLED
    with pytest.raises(DomainError) as exc:
        services.dialogue_mark_held(actor=officer_a, dialogue=d, attendees=3)
    assert exc.value.code in ("wrong_state", "answer_before_dialogue")


# --- permission matrix: a denied action changes nothing ------------------------------------------------


def _snapshot():
    return (list(Dialogue.objects.values_list("pk", "status", "attendees", "topic")),
            list(DialogueQuestion.objects.values_list("pk", "answer")),
            list(Commitment.objects.values_list("pk", "status", "progress")), AuditEvent.objects.count())


@pytest.fixture
def front_a(tree):
    """An official of commune A (the Front) without the right to manage dialogues: 403, not 404."""
    u = UserFactory()
    grant(u, Role.FRONT_OFFICER, unit=tree["a"])
    return u


@pytest.fixture
def hamlet_head_a(tree):
    u = UserFactory()
    grant(u, Role.HAMLET_HEAD, unit=tree["a1"])
    return u


@pytest.mark.parametrize("who", ["officer_b", "citizen", "hamlet_head_a", "front_a", "anonymous"])
@pytest.mark.parametrize("action", ["schedule", "held", "paper", "answer", "commit", "progress", "complete", "cancel"])
def test_only_the_units_officials_manage_its_dialogues(request, tree, officer_a, who, action):
    from django.contrib.auth.models import AnonymousUser

    d = held_dialogue(officer_a, tree["a"], ago=2)
    pending = dialogue(officer_a, tree["a"], held_on=days(-1), topic="Chưa ghi kết quả")
    q = paper_question(officer_a, d, received_on=days(-3))
    c = services.commitment_add(actor=officer_a, dialogue=d, text="Cam kết", owner="UBND xã", due_on=days(9))
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = _snapshot()
    calls = {
        "schedule": lambda: dialogue(actor, tree["a"]),
        "held": lambda: services.dialogue_mark_held(actor=actor, dialogue=pending, attendees=5),
        "paper": lambda: paper_question(actor, d),
        "answer": lambda: services.question_answer(actor=actor, question=q, answer="x"),
        "commit": lambda: services.commitment_add(actor=actor, dialogue=d, text="x", owner="y", due_on=days(3)),
        "progress": lambda: services.commitment_progress(actor=actor, commitment=c, note="x"),
        "complete": lambda: services.commitment_complete(actor=actor, commitment=c, result="x"),
        "cancel": lambda: services.dialogue_cancel(actor=actor, dialogue=pending, reason="x"),
    }
    expected = PermissionDenied if who == "front_a" else NotFound
    with pytest.raises(expected):
        calls[action]()
    assert _snapshot() == before


def test_each_commitment_step_is_in_the_transparency_log(tree, officer_a):
    import json

    from danchu.core.models import LogEntry
    from danchu.core.transparency import canonical_json, records_page, sha256_hex
    from danchu.dialogues.selectors import commitment_log_payload

    d = held_dialogue(officer_a, tree["a"], ago=5)
    c = services.commitment_add(actor=officer_a, dialogue=d, text="Lắp 20 bóng đèn", owner="UBND xã", due_on=days(20))
    c = services.commitment_progress(actor=officer_a, commitment=c, note="Đã mua vật tư")
    c = services.commitment_complete(actor=officer_a, commitment=c, result="Đã lắp xong")
    entries = list(LogEntry.objects.filter(object_type="dialogue_commitment", object_id=str(c.pk)).order_by("seq"))
    assert [e.kind for e in entries] == ["dialogue.commitment_made", "dialogue.commitment_progress", "dialogue.commitment_done"]
    assert json.loads(entries[0].payload)["due_on"] == days(20).isoformat()
    current = records_page("dialogue_commitment")
    assert current == [{"object_id": str(c.pk), "payload_sha256": entries[-1].payload_sha256}]
    assert sha256_hex(canonical_json(commitment_log_payload(c))) == entries[-1].payload_sha256
    # A deadline moved behind the services' back no longer matches the log.
    Commitment.objects.filter(pk=c.pk).update(due_on=days(40))
    assert records_page("dialogue_commitment")[0]["payload_sha256"] != entries[-1].payload_sha256


def test_annual_dialogue_warning_art_32(tree, officer_a):
    from danchu.dialogues.selectors import annual_dialogue_gap

    year = today().year
    assert "Điều 32" in annual_dialogue_gap(unit=tree["a"], year=year)
    d = dialogue(officer_a, tree["a"], held_on=today())
    assert annual_dialogue_gap(unit=tree["a"], year=year) == ""
    services.dialogue_cancel(actor=officer_a, dialogue=d, reason="Hoãn")
    assert annual_dialogue_gap(unit=tree["a"], year=year) != ""  # a cancelled one does not count
    assert annual_dialogue_gap(unit=tree["province"], year=year) == ""  # the duty is the commune's


# --- a workplace dialogue is the organization's own (Law 10/2022 Arts. 56, 73) --------------------------


@pytest.fixture(params=["enterprise", "agency"])
def workplace(request, tree):
    """An enterprise's or an agency's dialogue with its workers, held two days ago, with a question and a
    commitment; its head; and one dialogue still to be held."""
    from danchu.units.models import OrganizationKind

    kind = OrganizationKind.ENTERPRISE if request.param == "enterprise" else OrganizationKind.AGENCY
    org = OrganizationFactory(unit=tree["a"], kind=kind, name=f"Đơn vị thử ({request.param})")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    kw = {"organization": org, "leader_role": LeaderRole.ORG_HEAD, "leader_name": "Giám đốc", "place": "Nhà ăn ca",
          "audience": "Người lao động"}
    d = held_dialogue(head, tree["a"], ago=2, **kw)
    pending = dialogue(head, tree["a"], held_on=days(-1), topic="Đối thoại quý", **kw)
    q = paper_question(head, d, received_on=days(-3))
    c = services.commitment_add(actor=head, dialogue=d, text="Lắp quạt nhà xưởng", owner="Phòng hành chính",
                                due_on=days(9))
    return {"org": org, "head": head, "d": d, "pending": pending, "q": q, "c": c, "kw": kw}


@pytest.mark.parametrize("who", ["officer_a", "chair_a"])
@pytest.mark.parametrize("action", ["schedule", "held", "paper", "answer", "commit", "progress", "complete", "cancel",
                                    "get", "list", "question", "commitment"])
def test_the_communes_officials_do_not_reach_a_workplace_dialogue(request, tree, workplace, who, action):
    """The commune's officer and chair manage the commune's dialogues (Art. 32), not an agency's or an
    enterprise's with its staff (Arts. 56, 73): outside their scope, 404, and nothing changes."""
    from danchu.dialogues import selectors

    w = workplace
    actor = request.getfixturevalue(who)
    before = _snapshot()
    calls = {
        "schedule": lambda: dialogue(actor, tree["a"], **w["kw"]),
        "held": lambda: services.dialogue_mark_held(actor=actor, dialogue=w["pending"], attendees=5),
        "paper": lambda: paper_question(actor, w["d"]),
        "answer": lambda: services.question_answer(actor=actor, question=w["q"], answer="x"),
        "commit": lambda: services.commitment_add(actor=actor, dialogue=w["d"], text="x", owner="y", due_on=days(3)),
        "progress": lambda: services.commitment_progress(actor=actor, commitment=w["c"], note="x"),
        "complete": lambda: services.commitment_complete(actor=actor, commitment=w["c"], result="x"),
        "cancel": lambda: services.dialogue_cancel(actor=actor, dialogue=w["pending"], reason="x"),
        "get": lambda: selectors.dialogue_get_for_manager(user=actor, pk=w["d"].pk),
        "list": lambda: selectors.dialogues_for_org_manager(user=actor, organization=w["org"]),
        "question": lambda: selectors.question_get_for_manager(user=actor, pk=w["q"].pk),
        "commitment": lambda: selectors.commitment_get_for_manager(user=actor, pk=w["c"].pk),
    }
    with pytest.raises(NotFound):
        calls[action]()
    assert _snapshot() == before
    # The organization's head does it.
    assert selectors.dialogue_get_for_manager(user=w["head"], pk=w["d"].pk) == w["d"]


def test_the_communes_list_leaves_out_its_organizations_dialogues(tree, officer_a, workplace):
    from danchu.dialogues import selectors

    own = dialogue(officer_a, tree["a"], topic="Đối thoại của UBND xã")
    assert list(selectors.dialogues_for_manager(user=officer_a, unit=tree["a"])) == [own]
    assert set(selectors.dialogues_for_org_manager(user=workplace["head"], organization=workplace["org"])) == {
        workplace["d"], workplace["pending"]}
    # The head has no right on the commune's own list (outside the organization's grant: 404).
    with pytest.raises(NotFound):
        selectors.dialogues_for_manager(user=workplace["head"], unit=tree["a"])
