import datetime as dt

import pytest

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.models import AuditEvent
from danchu.core.roles import Role
from danchu.oversight import services
from danchu.oversight.models import (
    AddresseeKind,
    Board,
    BoardKind,
    BoardMember,
    Inspection,
    Position,
    Recommendation,
    RecommendationEvent,
    RecState,
    Seat,
    SocialCriticism,
)
from danchu.oversight.selectors import recommendations_overdue
from danchu.units.models import Organization
from danchu.units.tests.factories import hamlet

from .factories import commune_board, held_inspection, today, user_with

D = dt.timedelta


@pytest.fixture
def front(tree):
    return user_with(Role.FRONT_OFFICER, unit=tree["a"], full_name="Chủ tịch MTTQ xã")


@pytest.fixture
def inspector(tree):
    return user_with(Role.INSPECTION_BOARD, unit=tree["a"], full_name="Trưởng ban TTND")


@pytest.fixture
def board(front, tree):
    return commune_board(front, tree["a"])


def _code(exc) -> str:
    return exc.value.code


# --- terms and composition -------------------------------------------------------------------------


def test_commune_board_term_is_the_village_head_term(front, tree, settings):
    start = dt.date(2024, 3, 1)
    with pytest.raises(DomainError) as exc:
        services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=tree["a"], term_start=start,
                              term_end=dt.date(2026, 3, 1), established_on=start)
    assert _code(exc) == "term_invalid"
    board = services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=tree["a"], term_start=start, established_on=start)
    assert board.term_end == dt.date(2029, 3, 1)
    settings.DANCHU_VILLAGE_HEAD_TERM_MONTHS = 30
    b2 = services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=tree["a"],
                               term_start=dt.date(2029, 3, 2), established_on=dt.date(2029, 3, 2))
    assert b2.term_end == dt.date(2031, 9, 2)


def test_two_boards_in_one_term_are_refused(front, board, tree):
    with pytest.raises(DomainError) as exc:
        services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=tree["a"],
                              term_start=board.term_start + D(days=30), established_on=board.term_start + D(days=30))
    assert _code(exc) == "term_overlap"
    assert Board.objects.count() == 1


def test_organization_board_serves_two_years(tree):
    org = Organization.objects.create(unit=tree["a"], kind="enterprise", name="Công ty May Bình Lục",
                                      search_name="cong ty may binh luc", province_code=tree["a"].province_code)
    union = user_with(Role.UNION_REP, organization=org)
    start = dt.date(2025, 1, 10)
    with pytest.raises(DomainError) as exc:
        services.board_create(actor=union, kind=BoardKind.INSPECTION, unit=tree["a"], organization=org, term_start=start,
                              term_end=dt.date(2030, 1, 10), established_on=start)
    assert _code(exc) == "term_invalid"
    b = services.board_create(actor=union, kind=BoardKind.INSPECTION, unit=tree["a"], organization=org, term_start=start,
                              established_on=start)
    assert b.term_end == dt.date(2027, 1, 10)


def test_commune_board_has_at_least_five_seats_and_one_member_per_hamlet(front, tree):
    b = commune_board(front, tree["a"], members=False)
    assert services.board_seats(b) == 5  # 2 hamlets: at least 05 (Art. 36(1))
    for i in range(5):
        services.member_add(actor=front, board=b, full_name=f"Thành viên {i}", seat=Seat.HAMLET,
                            hamlet=tree["a1"] if i % 2 else tree["a2"], elected_on=b.term_start)
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=front, board=b, full_name="Thừa", seat=Seat.HAMLET, hamlet=tree["a1"], elected_on=b.term_start)
    assert _code(exc) == "composition_invalid"
    # With 6 hamlets the board has 6 seats, one per hamlet.
    for n in range(3, 7):
        hamlet(tree["b"], code=f"T0B-0{n}")
    hamlet(tree["b"], code="T0B-02")
    b2 = commune_board(front_b := user_with(Role.FRONT_OFFICER, unit=tree["b"]), tree["b"])
    assert services.board_seats(b2) == 6
    assert b2.members.count() == 6
    services.member_end(actor=front_b, member=b2.members.first(), ended_on=today(), reason="Chuyển nơi ở")
    first = b2.members.order_by("id").first()
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=front_b, board=b2, full_name="Trùng thôn", seat=Seat.HAMLET,
                            hamlet=b2.members.exclude(pk=first.pk).first().hamlet, elected_on=today())
    assert _code(exc) == "composition_invalid"


def test_member_must_be_elected_by_a_hamlet_of_the_commune(front, tree):
    b = commune_board(front, tree["a"], members=False)
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=front, board=b, full_name="Người xã khác", seat=Seat.HAMLET, hamlet=tree["b1"],
                            elected_on=b.term_start)
    assert _code(exc) == "seat_invalid"


def test_officials_and_hamlet_heads_are_not_eligible(front, tree, officer_a):
    b = commune_board(front, tree["a"], members=False)
    head = user_with(Role.HAMLET_HEAD, unit=tree["a1"])
    for user in (officer_a, head):
        with pytest.raises(DomainError) as exc:
            services.member_add(actor=front, board=b, full_name="Cán bộ", seat=Seat.HAMLET, hamlet=tree["a1"],
                                elected_on=b.term_start, account=user)
        assert _code(exc) == "member_not_eligible"
    assert b.members.count() == 0


def test_at_most_one_head_and_two_deputies(front, tree):
    b = commune_board(front, tree["a"], members=False)
    services.member_add(actor=front, board=b, full_name="Trưởng", seat=Seat.HAMLET, hamlet=tree["a1"],
                        elected_on=b.term_start, position=Position.HEAD)
    with pytest.raises(DomainError):
        services.member_add(actor=front, board=b, full_name="Trưởng 2", seat=Seat.HAMLET, hamlet=tree["a2"],
                            elected_on=b.term_start, position=Position.HEAD)
    for i in range(2):
        services.member_add(actor=front, board=b, full_name=f"Phó {i}", seat=Seat.HAMLET, hamlet=tree["a2"],
                            elected_on=b.term_start, position=Position.DEPUTY)
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=front, board=b, full_name="Phó 3", seat=Seat.HAMLET, hamlet=tree["a1"],
                            elected_on=b.term_start, position=Position.DEPUTY)
    assert _code(exc) == "composition_invalid"


def test_by_election_only_with_six_months_left(front, tree):
    start = today() - D(days=59 * 30)  # about one month of the 60-month term left
    b = commune_board(front, tree["a"], term_start=start, members=False)
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=front, board=b, full_name="Bổ sung", seat=Seat.HAMLET, hamlet=tree["a1"], elected_on=today())
    assert _code(exc) == "by_election_too_late"
    # At the start of the term it is an ordinary election.
    m = services.member_add(actor=front, board=b, full_name="Ban đầu", seat=Seat.HAMLET, hamlet=tree["a1"], elected_on=start)
    assert not m.by_election and m.term_to == b.term_end


def test_member_acting_outside_their_term_is_refused(front, inspector, board):
    late = board.members.first()
    services.member_end(actor=front, member=late, ended_on=today() - D(days=60), reason="Xin thôi")
    with pytest.raises(DomainError) as exc:
        services.inspection_create(actor=inspector, board=board, subject="Kiểm tra", inspected_body="UBND xã",
                                   period_from=today() - D(days=100), period_to=today() - D(days=40),
                                   starts_on=today() - D(days=30), ends_on=today() - D(days=29), team=[late])
    assert _code(exc) == "member_out_of_term"
    assert "chỉ là thành viên" in exc.value.message
    # ...but it was fine while they served.
    ins = services.inspection_create(actor=inspector, board=board, subject="Kiểm tra", inspected_body="UBND xã",
                                     period_from=today() - D(days=200), period_to=today() - D(days=100),
                                     starts_on=today() - D(days=90), ends_on=today() - D(days=88), team=[late])
    assert ins.team.count() == 1
    # A board acts only within its term.
    with pytest.raises(DomainError) as exc:
        services.inspection_create(actor=inspector, board=board, subject="Kiểm tra", inspected_body="UBND xã",
                                   period_from=board.term_start - D(days=100), period_to=board.term_start - D(days=50),
                                   starts_on=board.term_start - D(days=10), ends_on=board.term_start - D(days=9),
                                   team=list(board.members.all())[1:])
    assert _code(exc) == "board_out_of_term"
    assert Inspection.objects.count() == 1


# --- recommendations: the state machine --------------------------------------------------------------


@pytest.fixture
def inspection(inspector, board):
    return held_inspection(inspector, board)


def _rec(inspector, inspection, **kw):
    kw.setdefault("content", "Đề nghị bổ sung chứng từ chi và công khai quyết toán.")
    kw.setdefault("addressee_kind", AddresseeKind.COMMUNE_PC)
    kw.setdefault("addressee", "UBND xã Bình Lục")
    kw.setdefault("sent_on", inspection.held_on)
    kw.setdefault("due_on", inspection.held_on + D(days=10))
    return services.recommendation_make(actor=inspector, source=inspection, **kw)


def test_recommendation_needs_addressee_and_deadline(inspector, inspection):
    with pytest.raises(DomainError) as exc:
        _rec(inspector, inspection, addressee="  ")
    assert _code(exc) == "addressee_required"
    with pytest.raises(DomainError) as exc:
        _rec(inspector, inspection, due_on=None)
    assert _code(exc) == "deadline_required"
    # The commune must answer within 15 days (Art. 40(1)): a later deadline is refused.
    with pytest.raises(DomainError) as exc:
        _rec(inspector, inspection, due_on=inspection.held_on + D(days=40))
    assert _code(exc) == "deadline_beyond_law"
    assert Recommendation.objects.count() == 0


def test_recommendation_needs_findings_first(inspector, board):
    ins = services.inspection_create(actor=inspector, board=board, subject="Kiểm tra", inspected_body="UBND xã",
                                     period_from=today() - D(days=30), period_to=today(), starts_on=today(),
                                     ends_on=today(), team=list(board.members.all())[:1])
    with pytest.raises(DomainError) as exc:
        services.recommendation_make(actor=inspector, source=ins, content="x", addressee_kind="commune_pc",
                                     addressee="UBND xã", due_on=today() + D(days=5))
    assert _code(exc) == "not_held_yet"


def test_follow_up_states_sent_answered_closed(inspector, inspection, chair_a):
    rec = _rec(inspector, inspection)
    assert rec.state == RecState.SENT
    with pytest.raises(DomainError) as exc:
        services.recommendation_close(actor=inspector, recommendation=rec, outcome="done")
    assert _code(exc) == "answer_required"
    rec.refresh_from_db()
    assert rec.state == RecState.SENT and rec.closed_on is None
    # The board may not answer on the commune's behalf.
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=inspector, recommendation=rec, answer="Đã làm", position="accepted")
    rec = services.recommendation_answer(actor=chair_a, recommendation=rec, answer="Tiếp thu, bổ sung chứng từ trong tháng.",
                                         position="accepted", answered_on=inspection.held_on + D(days=3))
    assert rec.state == RecState.ANSWERED and rec.overdue_on is None
    with pytest.raises(DomainError) as exc:
        services.recommendation_answer(actor=chair_a, recommendation=rec, answer="Lần hai", position="accepted")
    assert _code(exc) == "wrong_state"
    services.recommendation_follow_up(actor=inspector, recommendation=rec, note="Đã nhận bản sao chứng từ bổ sung.")
    with pytest.raises(DomainError) as exc:
        services.recommendation_close(actor=inspector, recommendation=rec, outcome="not_accepted")
    assert _code(exc) == "reason_required"
    rec = services.recommendation_close(actor=inspector, recommendation=rec, outcome="done")
    assert rec.state == RecState.CLOSED and rec.closed_on == today()
    assert list(RecommendationEvent.objects.filter(recommendation=rec).values_list("action", flat=True)) == [
        "sent", "answered", "follow_up", "closed"]
    with pytest.raises(DomainError):
        services.recommendation_follow_up(actor=inspector, recommendation=rec, note="Sau khi đóng")


def test_not_accepted_with_reason_closes(inspector, inspection, officer_a):
    rec = _rec(inspector, inspection)
    services.recommendation_answer(actor=officer_a, recommendation=rec, answer="Không tiếp thu vì đã quyết toán năm trước.",
                                   position="not_accepted")
    rec = services.recommendation_close(actor=inspector, recommendation=rec, outcome="not_accepted",
                                        note="UBND xã giải trình đã quyết toán; Ban báo cáo MTTQ xã.")
    assert rec.outcome == "not_accepted"


def test_answer_cannot_predate_the_recommendation(inspector, inspection, officer_a):
    rec = _rec(inspector, inspection)
    with pytest.raises(DomainError) as exc:
        services.recommendation_answer(actor=officer_a, recommendation=rec, answer="Trả lời", position="accepted",
                                       answered_on=rec.sent_on - D(days=1))
    assert _code(exc) == "date_order"
    with pytest.raises(DomainError) as exc:
        services.recommendation_answer(actor=officer_a, recommendation=rec, answer="Trả lời", position="accepted",
                                       answered_on=today() + D(days=1))
    assert _code(exc) == "date_in_future"


# --- overdue -------------------------------------------------------------------------------------------


def test_overdue_flagged_once_by_the_daily_sweep(inspector, inspection, officer_a):
    rec = _rec(inspector, inspection, due_on=inspection.held_on + D(days=5))  # held 20 days ago → overdue
    on_time = _rec(inspector, inspection, sent_on=today(), due_on=today() + D(days=10))
    assert list(recommendations_overdue(unit=inspection.unit)) == [rec]
    assert services.recommendations_sweep() == {"flagged": 1}
    assert services.recommendations_sweep() == {"flagged": 0}
    rec.refresh_from_db()
    assert rec.overdue_on == rec.due_on + D(days=1)
    assert RecommendationEvent.objects.filter(recommendation=rec, action="overdue").count() == 1
    on_time.refresh_from_db()
    assert on_time.overdue_on is None
    # Answered late: it stays counted as overdue once, and leaves the overdue list.
    services.recommendation_answer(actor=officer_a, recommendation=rec, answer="Trả lời muộn", position="partly")
    rec.refresh_from_db()
    assert rec.overdue_on == rec.due_on + D(days=1)
    assert list(recommendations_overdue(unit=inspection.unit)) == []


def test_late_answer_without_sweep_is_marked_overdue(inspector, inspection, officer_a):
    rec = _rec(inspector, inspection, due_on=inspection.held_on + D(days=2))
    rec = services.recommendation_answer(actor=officer_a, recommendation=rec, answer="Muộn", position="accepted")
    assert rec.overdue_on == rec.due_on + D(days=1)


def test_daily_task_runs_the_sweep(inspector, inspection):
    from danchu.oversight.tasks import oversight_daily

    _rec(inspector, inspection, due_on=inspection.held_on + D(days=1))
    result = oversight_daily.enqueue()
    assert result.return_value == {"flagged": 1}


# --- investment supervision and Front ------------------------------------------------------------------


@pytest.fixture
def project(front, tree):
    return services.project_create(
        actor=front, unit=tree["a"], name="Đường bê tông thôn Đồng Quê", investor="UBND xã Bình Lục",
        contractor="Công ty Xây dựng Hà Nam", budget_vnd=1_500_000_000, location="Thôn Đồng Quê",
        starts_on=today() - D(days=90), ends_on=today() + D(days=90), hamlets=[tree["a1"]],
        funding=[("state", 1_000_000_000, ""), ("people", 500_000_000, "Nhân dân đóng góp theo biểu quyết")])


def test_project_funding_must_add_up(front, tree):
    with pytest.raises(DomainError) as exc:
        services.project_create(actor=front, unit=tree["a"], name="Cầu", investor="UBND xã", budget_vnd=100,
                                location="Thôn", starts_on=today(), ends_on=today(), funding=[("state", 50, "")])
    assert _code(exc) == "funding_mismatch"


def test_investment_board_composition_and_visit(front, tree, project):
    board = services.board_create(actor=front, kind=BoardKind.INVESTMENT, unit=tree["a"], project=project,
                                  term_start=project.starts_on, established_on=project.starts_on)
    assert board.term_end == project.ends_on
    with pytest.raises(DomainError) as exc:  # Art. 42: declares no relative among investor, contractor...
        services.member_add(actor=front, board=board, full_name="Dân", seat=Seat.RESIDENT, hamlet=tree["a1"],
                            elected_on=project.starts_on)
    assert _code(exc) == "member_not_eligible"
    with pytest.raises(DomainError) as exc:  # residents come from the project's hamlets
        services.member_add(actor=front, board=board, full_name="Dân", seat=Seat.RESIDENT, hamlet=tree["a2"],
                            elected_on=project.starts_on, no_conflict_declared=True)
    assert _code(exc) == "seat_invalid"
    for seat, name in ((Seat.FRONT, "Đại diện MTTQ"), (Seat.INSPECTION_BOARD, "Đại diện Ban TTND")):
        services.member_add(actor=front, board=board, full_name=name, seat=seat, elected_on=project.starts_on,
                            no_conflict_declared=True)
    for i in range(5):
        services.member_add(actor=front, board=board, full_name=f"Dân {i}", seat=Seat.RESIDENT, hamlet=tree["a1"],
                            elected_on=project.starts_on, no_conflict_declared=True,
                            position=Position.HEAD if i == 0 else Position.MEMBER)
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=front, board=board, full_name="Dân 6", seat=Seat.RESIDENT, hamlet=tree["a1"],
                            elected_on=project.starts_on, no_conflict_declared=True)
    assert _code(exc) == "composition_invalid"
    assert services.composition_problems(board) == []
    supervisor = user_with(Role.INVESTMENT_SUPERVISOR, unit=tree["a"])
    visit = services.supervision_create(actor=supervisor, kind="investment", board=board, subject="Chất lượng mặt đường",
                                        supervised_body="", starts_on=today() - D(days=3), ends_on=today() - D(days=3),
                                        team=list(board.members.all())[:3])
    assert visit.supervised_body == "UBND xã Bình Lục" and visit.project == project
    services.supervision_record_findings(actor=supervisor, supervision=visit, findings="", quality="Bê tông đạt mác",
                                         progress="Chậm 10 ngày", held_on=today() - D(days=3))
    rec = services.recommendation_make(actor=supervisor, source=visit, content="Đẩy nhanh tiến độ", addressee_kind="investor",
                                       addressee="UBND xã Bình Lục (chủ đầu tư)", due_on=today() + D(days=30))
    assert rec.source_kind == "investment"
    # An answer from an investor reaches the board in writing: the board records it.
    services.recommendation_answer(actor=supervisor, recommendation=rec, answer="Bổ sung nhân lực", position="accepted")
    # The Front officer may not write the board's supervision.
    with pytest.raises(PermissionDenied):
        services.recommendation_follow_up(actor=front, recommendation=rec, note="x")


def test_front_supervision_and_social_criticism(front, tree, officer_a):
    sup = services.supervision_create(actor=front, kind="front", unit=tree["a"], conducted_by="women",
                                      subject="Thực hiện chính sách hỗ trợ hộ nghèo", supervised_body="UBND xã",
                                      team_text="Hội LHPN xã, MTTQ xã", starts_on=today() - D(days=10),
                                      ends_on=today() - D(days=9), plan_sent_on=today() - D(days=30))
    services.supervision_record_findings(actor=front, supervision=sup, findings="Danh sách hộ nghèo chưa niêm yết đủ 15 ngày.",
                                         held_on=today() - D(days=9))
    rec = services.recommendation_make(actor=front, source=sup, content="Niêm yết lại danh sách", addressee_kind="commune_pc",
                                       addressee="UBND xã", due_on=today() + D(days=5))
    services.recommendation_answer(actor=officer_a, recommendation=rec, answer="Đã niêm yết lại", position="accepted")
    services.recommendation_close(actor=front, recommendation=rec, outcome="done")

    c = services.criticism_create(actor=front, unit=tree["a"], draft_title="Dự thảo Đề án xây dựng nông thôn mới kiểu mẫu",
                                  drafting_body="UBND xã", draft_received_on=today() - D(days=20),
                                  held_on=today() - D(days=5), participants="MTTQ xã, các đoàn thể, trưởng thôn")
    services.criticism_add_opinion(actor=front, criticism=c, speaker="Hội Nông dân", text="Cần làm rõ nguồn vốn đối ứng.")
    with pytest.raises(DomainError) as exc:
        services.criticism_record_answer(actor=officer_a, criticism=c, answer="Tiếp thu", position="accepted",
                                         answered_on=today())
    assert _code(exc) == "criticism_document_required"
    services.criticism_send_document(actor=front, criticism=c, document="Văn bản phản biện số 05/PB-MTTQ", sent_on=today() - D(days=4))
    with pytest.raises(DomainError) as exc:  # Front Law Art. 36: explain what is not accepted
        services.criticism_record_answer(actor=officer_a, criticism=c, answer="Tiếp thu một phần", position="partly",
                                         answered_on=today())
    assert _code(exc) == "reason_required"
    c = services.criticism_record_answer(actor=officer_a, criticism=c, answer="Tiếp thu một phần", position="partly",
                                         explanation="Nguồn vốn đối ứng do tỉnh quyết định.", answered_on=today())
    assert c.answered_on == today()
    assert SocialCriticism.objects.get().opinions.count() == 1


# --- permissions: denied changes nothing ---------------------------------------------------------------


@pytest.mark.parametrize(("_case", "role", "unit_key", "refusal"), [
    ("citizen", Role.CITIZEN, "a", PermissionDenied),
    ("officer of the commune (not the board)", Role.COMMUNE_OFFICER, "a", PermissionDenied),
    ("front officer (directs, does not inspect)", Role.FRONT_OFFICER, "a", PermissionDenied),
    ("board of another commune (outside its scope)", Role.INSPECTION_BOARD, "b", NotFound),
    ("investment supervisor", Role.INVESTMENT_SUPERVISOR, "a", PermissionDenied),
])
def test_only_the_board_of_the_unit_records_inspections(_case, role, unit_key, refusal, tree, board, inspector):
    user = user_with(role, unit=tree[unit_key])
    before = (Inspection.objects.count(), Recommendation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(refusal):
        services.inspection_create(actor=user, board=board, subject="Kiểm tra", inspected_body="UBND xã",
                                   period_from=today() - D(days=10), period_to=today(), starts_on=today(),
                                   ends_on=today(), team=list(board.members.all())[:1])
    assert (Inspection.objects.count(), Recommendation.objects.count(), AuditEvent.objects.count()) == before


def test_another_commune_cannot_answer_or_close(tree, inspector, inspection, officer_b):
    rec = _rec(inspector, inspection)
    board_b = user_with(Role.INSPECTION_BOARD, unit=tree["b"])
    with pytest.raises(NotFound):  # outside their scope the record does not exist
        services.recommendation_answer(actor=officer_b, recommendation=rec, answer="x", position="accepted")
    with pytest.raises(NotFound):
        services.recommendation_follow_up(actor=board_b, recommendation=rec, note="x")
    rec.refresh_from_db()
    assert rec.state == RecState.SENT and rec.answer == ""
    assert RecommendationEvent.objects.filter(recommendation=rec).count() == 1


def test_only_the_front_manages_boards(tree, inspector, officer_a):
    for user in (inspector, officer_a):
        with pytest.raises(PermissionDenied):
            services.board_create(actor=user, kind=BoardKind.INSPECTION, unit=tree["a"], term_start=today(),
                                  established_on=today())
    assert Board.objects.count() == 0 and BoardMember.objects.count() == 0


def test_documents_are_checked_by_content(inspector, inspection, citizen):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    doc = services.document_add(actor=inspector, owner=inspection, title="Biên bản kiểm tra", name="bien-ban.pdf", content=pdf)
    assert doc.kind == "pdf" and doc.inspection == inspection
    with pytest.raises(DomainError) as exc:
        services.document_add(actor=inspector, owner=inspection, title="Giả", name="virus.pdf", content=b"MZ\x90\x00")
    assert exc.value.code == "attachment_content_mismatch"
    with pytest.raises(NotFound):  # a citizen without grants: outside any scope
        services.document_add(actor=citizen, owner=inspection, title="x", name="a.pdf", content=pdf)
    assert inspection.documents.count() == 1


def test_a_former_member_account_no_longer_acts_for_the_board(front, board, tree):
    user = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    seat = board.members.order_by("id").last()
    seat.user = user
    seat.save(update_fields=["user"])
    ins = held_inspection(user, board)  # while the seat is current
    services.member_end(actor=front, member=seat, ended_on=today() - D(days=1), reason="Chuyển công tác")
    with pytest.raises(PermissionDenied) as exc:  # the grant still reaches the board; the person left it
        services.recommendation_make(actor=user, source=ins, content="x", addressee_kind="commune_pc",
                                     addressee="UBND xã", sent_on=today(), due_on=today() + D(days=5))
    assert "không còn là thành viên Ban" in exc.value.message
    assert Recommendation.objects.count() == 0
