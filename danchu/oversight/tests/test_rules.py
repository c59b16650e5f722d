"""Edge cases of the term and deadline rules (Hypothesis), the organization board, and the permission
matrix for answering a recommendation (denied changes nothing)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.core.calendar import is_working_day
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.roles import Role
from danchu.oversight import services
from danchu.oversight.models import BoardKind, BoardMember, Position, RecommendationEvent, RecState, Seat
from danchu.units.models import Organization

from .factories import commune_board, held_inspection, today, user_with

D = dt.timedelta
dates = st.dates(min_value=dt.date(2023, 7, 1), max_value=dt.date(2035, 12, 31))


@given(day=dates, months=st.integers(min_value=0, max_value=120))
def test_add_months_lands_in_the_right_month_and_never_overflows(day, months):
    out = services.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + D(days=1)).month != out.month)


@settings(max_examples=60, deadline=None)
@given(sent=dates)
def test_answer_deadline_is_15_days_then_the_next_working_day(sent):
    due = services.answer_deadline(sent)
    assert due >= sent + D(days=15)
    assert is_working_day(due)
    assert all(not is_working_day(d) for d in (sent + D(days=15 + i) for i in range((due - sent).days - 15)))


@pytest.mark.parametrize(("_case", "months_left", "allowed"), [
    ("exactly six months left", 6, True),
    ("a day short of six months", None, False),
    ("seven months left", 7, True),
])
def test_by_election_boundary(_case, months_left, allowed, tree):
    front = user_with(Role.FRONT_OFFICER, unit=tree["a"])
    term_months = services.village_head_term_months()
    if months_left is None:
        elected = services.add_months(today(), 0)
        start = services.add_months(elected, 6 - term_months) - D(days=1)  # term ends 6 months minus a day after
    else:
        elected = today()
        start = services.add_months(elected, months_left - term_months)
    board = commune_board(front, tree["a"], term_start=start, members=False)
    kw = {"actor": front, "board": board, "full_name": "Bầu bổ sung", "seat": Seat.HAMLET, "hamlet": tree["a1"],
          "elected_on": elected}
    if allowed:
        m = services.member_add(**kw)
        assert m.by_election and m.term_from == elected and m.term_to == board.term_end
    else:
        with pytest.raises(DomainError) as exc:
            services.member_add(**kw)
        assert exc.value.code == "by_election_too_late"
        assert BoardMember.objects.count() == 0


def test_organization_board_members_and_deputies(tree):
    org = Organization.objects.create(unit=tree["a"], kind="enterprise", name="Công ty May Bình Lục",
                                      search_name="cong ty may binh luc", province_code=tree["a"].province_code)
    union = user_with(Role.UNION_REP, organization=org)
    head = user_with(Role.ORG_HEAD, organization=org)
    start = today() - D(days=30)
    board = services.board_create(actor=union, kind=BoardKind.INSPECTION, unit=tree["a"], organization=org,
                                  term_start=start, established_on=start)
    with pytest.raises(DomainError) as exc:  # Art. 60: not the head of the organization
        services.member_add(actor=union, board=board, full_name="Giám đốc", seat=Seat.STAFF, elected_on=start, account=head)
    assert exc.value.code == "member_not_eligible"
    services.member_add(actor=union, board=board, full_name="Trưởng ban", seat=Seat.STAFF, elected_on=start,
                        position=Position.HEAD)
    services.member_add(actor=union, board=board, full_name="Phó 1", seat=Seat.STAFF, elected_on=start,
                        position=Position.DEPUTY)
    with pytest.raises(DomainError) as exc:  # a second deputy only where the board has nine members
        services.member_add(actor=union, board=board, full_name="Phó 2", seat=Seat.STAFF, elected_on=start,
                            position=Position.DEPUTY)
    assert exc.value.code == "composition_invalid"
    assert services.composition_problems(board) == ["Ban có 2 thành viên; tối thiểu 03 (Luật 10/2022, Điều 60)."]
    for i in range(7):
        services.member_add(actor=union, board=board, full_name=f"Thành viên {i}", seat=Seat.STAFF, elected_on=start)
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=union, board=board, full_name="Thứ mười", seat=Seat.STAFF, elected_on=start)
    assert exc.value.code == "composition_invalid"
    # The organization's board inspects; its recommendation goes to the head, who answers.
    inspector = user_with(Role.INSPECTION_BOARD, organization=org)
    ins = held_inspection(inspector, board)
    rec = services.recommendation_make(actor=inspector, source=ins, content="Công khai quỹ phúc lợi", addressee_kind="org_head",
                                       addressee="Giám đốc công ty", sent_on=ins.held_on, due_on=ins.held_on + D(days=15))
    officer_b = user_with(Role.COMMUNE_OFFICER, unit=tree["b"])
    with pytest.raises(NotFound):  # outside the caller's scope
        services.recommendation_answer(actor=officer_b, recommendation=rec, answer="x", position="accepted")
    services.recommendation_answer(actor=head, recommendation=rec, answer="Đã công khai", position="accepted")


# (who, role, where granted, the answer: None = allowed; 404 outside the caller's scope, 403 inside it)
ANSWER_MATRIX = [
    ("citizen", Role.CITIZEN, "a", PermissionDenied),
    ("household representative (a hamlet's grant does not reach the commune)", Role.HOUSEHOLD_REP, "a1", NotFound),
    ("hamlet head", Role.HAMLET_HEAD, "a1", NotFound),
    ("the board itself", Role.INSPECTION_BOARD, "a", PermissionDenied),
    ("investment supervisor", Role.INVESTMENT_SUPERVISOR, "a", PermissionDenied),
    ("front officer", Role.FRONT_OFFICER, "a", PermissionDenied),
    ("steering member of the province", Role.STEERING_MEMBER, "province", PermissionDenied),
    ("officer of another commune", Role.COMMUNE_OFFICER, "b", NotFound),
    ("chair of another commune", Role.COMMUNE_CHAIR, "b", NotFound),
    ("commune officer", Role.COMMUNE_OFFICER, "a", None),
    ("commune chair", Role.COMMUNE_CHAIR, "a", None),
]


@pytest.mark.parametrize(("_case", "role", "unit_key", "refusal"), ANSWER_MATRIX)
def test_who_answers_the_commune_recommendation(_case, role, unit_key, refusal, tree):
    front = user_with(Role.FRONT_OFFICER, unit=tree["a"])
    board = commune_board(front, tree["a"])
    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    ins = held_inspection(inspector, board)
    rec = services.recommendation_make(actor=inspector, source=ins, content="Kiến nghị", addressee_kind="commune_pc",
                                       addressee="UBND xã", sent_on=ins.held_on, due_on=ins.held_on + D(days=15))
    user = user_with(role, unit=tree[unit_key])
    if refusal is None:
        services.recommendation_answer(actor=user, recommendation=rec, answer="Tiếp thu", position="accepted")
        rec.refresh_from_db()
        assert rec.state == RecState.ANSWERED
        return
    with pytest.raises(refusal):
        services.recommendation_answer(actor=user, recommendation=rec, answer="Tiếp thu", position="accepted")
    rec.refresh_from_db()
    assert rec.state == RecState.SENT and rec.answer == "" and rec.answered_on is None
    assert RecommendationEvent.objects.filter(recommendation=rec).count() == 1


def test_workspace_shows_the_oversight_link_to_the_board(client, tree):
    from danchu.accounts.tests.factories import PASSWORD

    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    assert client.login(username=inspector.username, password=PASSWORD)
    page = client.get("/tai-khoan/").content.decode()
    assert "/quan-ly/T0A/giam-sat/" in page


def test_commune_roles_do_not_act_for_an_organization_board(tree, officer_a, chair_a):
    """An organization's People's Inspection Board is the organization's (Arts. 60-63): the commune's
    Front, board, officers and chair do not reach it — for them it does not exist (404), and nothing
    changes."""
    from danchu.oversight.models import Board, Inspection

    org = Organization.objects.create(unit=tree["a"], kind="enterprise", name="Công ty May",
                                      search_name="cong ty may", province_code=tree["a"].province_code)
    front = user_with(Role.FRONT_OFFICER, unit=tree["a"])
    commune_inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    start = today() - D(days=30)
    with pytest.raises(NotFound):  # Art. 60: the union, not the commune Front
        services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=tree["a"], organization=org,
                              term_start=start, established_on=start)
    assert Board.objects.count() == 0
    union = user_with(Role.UNION_REP, organization=org)
    board = services.board_create(actor=union, kind=BoardKind.INSPECTION, unit=tree["a"], organization=org,
                                  term_start=start, established_on=start)
    services.member_add(actor=union, board=board, full_name="Trưởng ban", seat=Seat.STAFF, elected_on=start)
    with pytest.raises(NotFound):
        services.member_add(actor=front, board=board, full_name="Người của xã", seat=Seat.STAFF, elected_on=start)
    with pytest.raises(NotFound):
        services.inspection_create(actor=commune_inspector, board=board, subject="x", inspected_body="y",
                                   period_from=start, period_to=start, starts_on=start, ends_on=start,
                                   team=list(board.members.all()))
    assert board.members.count() == 1 and Inspection.objects.count() == 0
    org_inspector = user_with(Role.INSPECTION_BOARD, organization=org)
    ins = held_inspection(org_inspector, board)
    rec = services.recommendation_make(actor=org_inspector, source=ins, content="x", addressee_kind="org_head",
                                       addressee="Giám đốc", sent_on=ins.held_on, due_on=ins.held_on + D(days=10))
    for commune_official in (officer_a, chair_a):  # Art. 63(1): the head of the organization answers
        with pytest.raises(NotFound):
            services.recommendation_answer(actor=commune_official, recommendation=rec, answer="x", position="accepted")
    with pytest.raises(NotFound):  # and the commune's pages do not list the organization's records
        services.recommendation_answer.authorize(actor=front, recommendation=rec)
    from danchu.oversight import selectors as sel

    assert list(sel.recommendations_for(user=officer_a, unit=tree["a"])) == []
    assert list(sel.inspections_for(user=officer_a, unit=tree["a"])) == []
    assert list(sel.boards_for(user=officer_a, unit=tree["a"])) == []
    with pytest.raises(NotFound):
        sel.recommendation_get(user=officer_a, pk=rec.pk)
    rec.refresh_from_db()
    assert rec.state == RecState.SENT and rec.answer == ""
    assert RecommendationEvent.objects.filter(recommendation=rec).count() == 1
