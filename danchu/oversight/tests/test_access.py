"""Access beyond the declarations (the matrix, core/tests/test_access_matrix.py, covers those):

- the finer rule kept in the services' bodies — a board member's account acts for the board only within
  the member's term (Art. 36(2)) — at every place it applies, refused with 403 and nothing changed;
- who records an answer depends on the addressee (Arts. 40(1), 45(2), 63(1));
- an organization's People's Inspection Board is reached only by grants on the organization (Arts.
  60-63): the commune's officer and chair get 404 on its pages and through the API;
- pages authorize a write before reading its form: 404 outside the caller's scope, 403 inside it
  without the right — never a message, never a write.
"""

import datetime as dt

import pytest

from danchu.accounts.services import api_token_create
from danchu.accounts.tests.factories import PASSWORD
from danchu.core.errors import NotFound, PermissionDenied
from danchu.core.roles import Role
from danchu.core.tests.matrix import TaskCounter, changes, snapshot
from danchu.oversight import services
from danchu.oversight.models import AddresseeKind, Board, BoardKind, Position, RecState, Seat
from danchu.units.models import Organization

from .factories import commune_board, held_inspection, today, user_with

D = dt.timedelta
J = "application/json"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _state(ignore=("accounts_apitoken",)):
    """Every table, stored file and task (matrix.snapshot); a bearer token's first use is not a change."""
    return {k: v for k, v in snapshot(TaskCounter()).items() if k not in ignore}


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _client(user):
    """A client signed in before the snapshot is taken (signing in writes the session and last login)."""
    from django.test import Client

    c = Client()
    _login(c, user)
    return c


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


# --- a former member's account no longer acts for the board (Art. 36(2)) --------------------------------


@pytest.fixture
def front(tree):
    return user_with(Role.FRONT_OFFICER, unit=tree["a"])


def _former_member(board, role, unit, front):
    """An account with the board's grant, linked to a seat whose term has ended."""
    user = user_with(role, unit=unit)
    seat = board.members.order_by("id").last()
    seat.user = user
    seat.save(update_fields=["user"])
    return user, seat


def _end(front, seat):
    services.member_end(actor=front, member=seat, ended_on=today() - D(days=1), reason="Chuyển công tác")


@pytest.fixture
def inspection_world(tree, front):
    """A commune board, a held inspection and an answered and an unanswered recommendation, all made while
    the linked member served; then the member's seat ends."""
    board = commune_board(front, tree["a"])
    user, seat = _former_member(board, Role.INSPECTION_BOARD, tree["a"], front)
    open_ins = services.inspection_create(
        actor=user, board=board, subject="Chưa xong", inspected_body="UBND xã", period_from=today() - D(days=30),
        period_to=today() - D(days=10), starts_on=today() - D(days=5), ends_on=today() - D(days=4),
        team=list(board.members.all())[:1])
    ins = held_inspection(user, board)
    rec = services.recommendation_make(actor=user, source=ins, content="Bổ sung chứng từ", addressee_kind="commune_pc",
                                       addressee="UBND xã", sent_on=ins.held_on, due_on=ins.held_on + D(days=10))
    other = services.recommendation_make(actor=user, source=ins, content="Báo cáo Thanh tra huyện",
                                         addressee_kind=AddresseeKind.OTHER, addressee="Thanh tra huyện",
                                         sent_on=ins.held_on, due_on=ins.held_on + D(days=20))
    officer = user_with(Role.COMMUNE_OFFICER, unit=tree["a"])
    answered = services.recommendation_make(actor=user, source=ins, content="Niêm yết", addressee_kind="commune_pc",
                                            addressee="UBND xã", sent_on=ins.held_on, due_on=ins.held_on + D(days=10))
    services.recommendation_answer(actor=officer, recommendation=answered, answer="Tiếp thu", position="accepted")
    _end(front, seat)
    return {"board": board, "user": user, "open": open_ins, "ins": ins, "rec": rec, "other": other,
            "answered": answered}


INSPECTION_BOARD_WORK = {
    "plan_add": lambda w: services.plan_add(actor=w["user"], board=w["board"], year=today().year, period="year",
                                            content="Kế hoạch", adopted_on=today()),
    "inspection_create": lambda w: services.inspection_create(
        actor=w["user"], board=w["board"], subject="Mới", inspected_body="UBND xã", period_from=today() - D(days=9),
        period_to=today() - D(days=3), starts_on=today() - D(days=3), ends_on=today() - D(days=2),
        team=list(w["board"].members.all())[:1]),
    "inspection_record_findings": lambda w: services.inspection_record_findings(
        actor=w["user"], inspection=w["open"], findings="Kết quả", held_on=today() - D(days=4)),
    "document_add (inspection)": lambda w: services.document_add(actor=w["user"], owner=w["ins"], title="Biên bản",
                                                                 name="bien-ban.pdf", content=PDF),
    "document_add (recommendation)": lambda w: services.document_add(actor=w["user"], owner=w["rec"], title="Công văn",
                                                                     name="cong-van.pdf", content=PDF),
    "recommendation_make": lambda w: services.recommendation_make(
        actor=w["user"], source=w["ins"], content="Mới", addressee_kind="commune_pc", addressee="UBND xã",
        sent_on=today(), due_on=today() + D(days=5)),
    "recommendation_answer (the board records another body's answer)": lambda w: services.recommendation_answer(
        actor=w["user"], recommendation=w["other"], answer="Thanh tra huyện đã nhận", position="accepted"),
    "recommendation_follow_up": lambda w: services.recommendation_follow_up(actor=w["user"], recommendation=w["rec"],
                                                                            note="Đôn đốc"),
    "recommendation_close": lambda w: services.recommendation_close(actor=w["user"], recommendation=w["answered"],
                                                                    outcome="done"),
}


@pytest.mark.parametrize("step", sorted(INSPECTION_BOARD_WORK))
def test_a_former_member_no_longer_does_the_boards_work(step, inspection_world):
    before = _state()
    with pytest.raises(PermissionDenied) as exc:
        INSPECTION_BOARD_WORK[step](inspection_world)
    assert "không còn là thành viên Ban" in exc.value.message and exc.value.status == 403
    assert changes(before, _state()) == []


@pytest.fixture
def investment_world(tree, front):
    project = services.project_create(actor=front, unit=tree["a"], name="Đường thôn", investor="UBND xã",
                                      budget_vnd=100_000_000, location="Thôn", starts_on=today() - D(days=60),
                                      ends_on=today() + D(days=60), hamlets=[tree["a1"]])
    board = services.board_create(actor=front, kind=BoardKind.INVESTMENT, unit=tree["a"], project=project,
                                  term_start=project.starts_on, established_on=project.starts_on)
    for seat, name, hamlet in ((Seat.FRONT, "MTTQ", None), (Seat.INSPECTION_BOARD, "Ban TTND", None),
                               (Seat.RESIDENT, "Người dân", tree["a1"])):
        services.member_add(actor=front, board=board, full_name=name, seat=seat, hamlet=hamlet,
                            elected_on=project.starts_on, no_conflict_declared=True,
                            position=Position.HEAD if seat == Seat.FRONT else Position.MEMBER)
    user, seat = _former_member(board, Role.INVESTMENT_SUPERVISOR, tree["a"], front)
    visit = services.supervision_create(actor=user, kind="investment", board=board, subject="Chất lượng",
                                        supervised_body="", starts_on=today() - D(days=5), ends_on=today() - D(days=4),
                                        team=list(board.members.all())[:2])
    _end(front, seat)
    return {"board": board, "user": user, "visit": visit}


INVESTMENT_BOARD_WORK = {
    "supervision_create": lambda w: services.supervision_create(
        actor=w["user"], kind="investment", board=w["board"], subject="Tiến độ", supervised_body="",
        starts_on=today() - D(days=3), ends_on=today() - D(days=2), team=list(w["board"].members.all())[:1]),
    "supervision_record_findings": lambda w: services.supervision_record_findings(
        actor=w["user"], supervision=w["visit"], findings="Đạt", held_on=today() - D(days=4)),
    "document_add (supervision)": lambda w: services.document_add(actor=w["user"], owner=w["visit"], title="Biên bản",
                                                                  name="bien-ban.pdf", content=PDF),
    "plan_add (investment board)": lambda w: services.plan_add(actor=w["user"], board=w["board"], year=today().year,
                                                               period="year", content="Kế hoạch", adopted_on=today()),
}


@pytest.mark.parametrize("step", sorted(INVESTMENT_BOARD_WORK))
def test_a_former_member_no_longer_supervises_the_project(step, investment_world):
    before = _state()
    with pytest.raises(PermissionDenied) as exc:
        INVESTMENT_BOARD_WORK[step](investment_world)
    assert "không còn là thành viên Ban" in exc.value.message
    assert changes(before, _state()) == []


def test_a_serving_member_does_the_boards_work(tree, front):
    """The rule refuses only an ended seat: a linked member whose seat is current acts for the board."""
    board = commune_board(front, tree["a"])
    user, _ = _former_member(board, Role.INSPECTION_BOARD, tree["a"], front)
    ins = held_inspection(user, board)
    services.plan_add(actor=user, board=board, year=today().year, period="year", content="Kế hoạch", adopted_on=today())
    assert services.recommendation_make(actor=user, source=ins, content="x", addressee_kind="commune_pc",
                                        addressee="UBND xã", sent_on=today(), due_on=today() + D(days=5))


# --- who records an answer: the addressee -------------------------------------------------------------------


def test_the_board_records_another_bodys_answer_but_never_answers_for_the_commune(tree, front):
    board = commune_board(front, tree["a"])
    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    ins = held_inspection(inspector, board)
    to_commune = services.recommendation_make(actor=inspector, source=ins, content="x", addressee_kind="commune_pc",
                                              addressee="UBND xã", sent_on=ins.held_on, due_on=ins.held_on + D(days=5))
    to_other = services.recommendation_make(actor=inspector, source=ins, content="y", addressee_kind="other",
                                            addressee="Thanh tra huyện", sent_on=ins.held_on,
                                            due_on=ins.held_on + D(days=30))
    before = _state()
    with pytest.raises(PermissionDenied):  # Art. 40(1): the commune People's Committee answers
        services.recommendation_answer(actor=inspector, recommendation=to_commune, answer="Đã làm", position="accepted")
    assert changes(before, _state()) == []
    assert not services.recommendation_answer.permits(actor=inspector, recommendation=to_commune)
    # Another body's answer reaches the board in writing: the board records it.
    rec = services.recommendation_answer(actor=inspector, recommendation=to_other, answer="Đã nhận", position="accepted")
    assert rec.state == RecState.ANSWERED


# --- an organization's board: only its own people -----------------------------------------------------------


@pytest.fixture
def org_world(tree):
    org = Organization.objects.create(unit=tree["a"], kind="enterprise", name="Công ty May Bình Lục",
                                      search_name="cong ty may binh luc", province_code=tree["a"].province_code)
    union = user_with(Role.UNION_REP, organization=org)
    head = user_with(Role.ORG_HEAD, organization=org)
    start = today() - D(days=30)
    board = services.board_create(actor=union, kind=BoardKind.INSPECTION, unit=tree["a"], organization=org,
                                  term_start=start, established_on=start)
    for i in range(3):
        services.member_add(actor=union, board=board, full_name=f"Người lao động {i}", seat=Seat.STAFF, elected_on=start)
    inspector = user_with(Role.INSPECTION_BOARD, organization=org)
    ins = held_inspection(inspector, board)
    rec = services.recommendation_make(actor=inspector, source=ins, content="Công khai quỹ phúc lợi",
                                       addressee_kind="org_head", addressee="Giám đốc", sent_on=ins.held_on,
                                       due_on=ins.held_on + D(days=10))
    return {"org": org, "union": union, "head": head, "board": board, "ins": ins, "rec": rec}


def test_commune_officials_get_404_on_an_organizations_board_pages(org_world, officer_a, chair_a):
    w = org_world
    urls = [f"/quan-ly/to-chuc/{w['org'].pk}/giam-sat/", f"/quan-ly/giam-sat/ban/{w['board'].pk}/",
            f"/quan-ly/giam-sat/kiem-tra/{w['ins'].pk}/", f"/quan-ly/giam-sat/kien-nghi/{w['rec'].pk}/"]
    for official in (officer_a, chair_a):
        c = _client(official)
        for url in urls:
            assert c.get(url).status_code == 404, url
        before = _state()
        r = c.post(f"/quan-ly/giam-sat/kien-nghi/{w['rec'].pk}/tra-loi/",
                   {"answer": "x", "position": "accepted", "answered_on": today().isoformat()})
        assert r.status_code == 404
        r = c.post(f"/quan-ly/to-chuc/{w['org'].pk}/giam-sat/", {"term_start": today().isoformat(),
                                                                 "established_on": today().isoformat()})
        assert r.status_code == 404
        assert changes(before, _state()) == []
        # ...and the commune's own pages do not list the organization's records.
        page = c.get("/quan-ly/T0A/giam-sat/").content.decode()
        assert "Công khai quỹ phúc lợi" not in page and f"/quan-ly/giam-sat/ban/{w['board'].pk}/" not in page
        page = c.get("/quan-ly/T0A/giam-sat/kien-nghi/").content.decode()
        assert "Công khai quỹ phúc lợi" not in page
    head = _client(w["head"])  # the organization's own head reads its board and answers
    assert head.get(urls[0]).status_code == 200
    assert 'id="answer-form"' in head.get(urls[3]).content.decode()


def test_commune_officials_get_404_on_an_organizations_board_through_the_api(client, org_world, officer_a, front):
    w = org_world
    headers = {u.pk: _h(u) for u in (officer_a, front)}
    before = _state()
    for url, body in ((f"/api/v1/oversight/recommendations/{w['rec'].pk}/answer", {"answer": "x", "position": "accepted"}),
                      ("/api/v1/oversight/boards", {"unit": "T0A", "organization_id": w["org"].pk,
                                                    "term_start": today().isoformat(),
                                                    "established_on": today().isoformat()}),
                      (f"/api/v1/oversight/boards/{w['board'].pk}/members",
                       {"full_name": "Người của xã", "seat": "staff", "elected_on": today().isoformat()})):
        for official in (officer_a, front):
            assert client.post(url, body, content_type=J, headers=headers[official.pk]).status_code == 404, url
    assert client.get(f"/api/v1/oversight/boards/{w['board'].pk}", headers=headers[officer_a.pk]).status_code == 404
    listed = client.get("/api/v1/oversight/recommendations?unit=T0A", headers=headers[officer_a.pk]).json()
    assert listed == []
    assert changes(before, _state()) == []


def test_the_organizations_head_reads_but_does_not_set_up_the_board(client, org_world):
    w = org_world
    client = _client(w["head"])
    page = client.get(f"/quan-ly/to-chuc/{w['org'].pk}/giam-sat/").content.decode()
    assert 'id="new-board"' not in page
    before = _state()
    r = client.post(f"/quan-ly/to-chuc/{w['org'].pk}/giam-sat/", {"term_start": "not a date"})
    assert r.status_code == 403  # Art. 60: the trade union sets it up — refused before the form is read
    assert changes(before, _state()) == []


# --- pages authorize the write before reading its form ----------------------------------------------------


def test_unit_create_refuses_before_reading_the_form(tree, officer_a, officer_b, citizen):
    clients = [(_client(officer_b), 404), (_client(citizen), 404), (_client(officer_a), 403)]
    before = _state()
    for c, status in clients:
        for what in ("ban", "phan-bien", "giam-sat-mttq", "cong-trinh"):
            r = c.post(f"/quan-ly/T0A/giam-sat/tao/{what}/", {"term_start": "not a date"})
            assert r.status_code == status, what
    assert changes(before, _state()) == []
    assert Board.objects.count() == 0


def test_record_steps_refuse_before_reading_the_form(client, tree, front, officer_a, officer_b):
    board = commune_board(front, tree["a"])
    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    ins = held_inspection(inspector, board)
    client, other = _client(officer_a), _client(officer_b)  # officer A: in scope (reads oversight), not the board
    before = _state()
    for url in (f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/ket-qua/", f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/kien-nghi/",
                f"/quan-ly/giam-sat/ban/{board.pk}/thanh-vien/", f"/quan-ly/giam-sat/ban/{board.pk}/thoi/",
                f"/quan-ly/giam-sat/ban/{board.pk}/ke-hoach/"):
        assert client.post(url, {"findings": ""}).status_code == 403, url
    assert other.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/ket-qua/", {}).status_code == 404
    assert changes(before, _state()) == []
    # The page itself shows officer A no recording form.
    page = client.get(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/").content.decode()
    assert 'id="findings-form"' not in page and 'id="rec-form"' not in page


def test_steps_of_the_board_stay_with_its_term(client, tree, front):
    """On a page, the in-body rule answers 403 too (not a message)."""
    board = commune_board(front, tree["a"])
    user, seat = _former_member(board, Role.INSPECTION_BOARD, tree["a"], front)
    ins = held_inspection(user, board)
    _end(front, seat)
    client = _client(user)
    before = _state()
    r = client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/kien-nghi/", {
        "content": "x", "addressee_kind": "commune_pc", "addressee": "UBND xã", "sent_on": today().isoformat(),
        "due_on": (today() + D(days=5)).isoformat()})
    assert r.status_code == 403
    assert changes(before, _state()) == []


def test_outside_a_unit_the_api_answers_404_for_lists_and_creations(client, tree, officer_b, front):
    h = _h(officer_b)
    before = _state()
    for url in ("/api/v1/oversight/boards?unit=T0A", "/api/v1/oversight/inspections?unit=T0A",
                "/api/v1/oversight/projects?unit=T0A", "/api/v1/oversight/supervisions?unit=T0A",
                "/api/v1/oversight/criticisms?unit=T0A", "/api/v1/oversight/recommendations?unit=T0A"):
        assert client.get(url, headers=h).status_code == 404, url
    for url, body in (("/api/v1/oversight/projects", {
            "unit": "T0A", "name": "Cầu", "investor": "UBND xã", "budget_vnd": 1, "location": "Thôn",
            "starts_on": today().isoformat(), "ends_on": today().isoformat()}),
            ("/api/v1/oversight/criticisms", {
                "unit": "T0A", "draft_title": "Dự thảo", "drafting_body": "UBND xã",
                "draft_received_on": today().isoformat(), "held_on": today().isoformat(), "participants": "MTTQ"}),
            ("/api/v1/oversight/boards", {"unit": "T0A", "term_start": today().isoformat(),
                                          "established_on": today().isoformat()}),
            ("/api/v1/oversight/supervisions", {"kind": "front", "unit": "T0A", "conducted_by": "front",
                                                "subject": "x", "supervised_body": "y", "team_text": "z",
                                                "starts_on": today().isoformat(), "ends_on": today().isoformat()})):
        assert client.post(url, body, content_type=J, headers=h).status_code == 404, url
    assert changes(before, _state()) == []
    assert services.project_create.permits(actor=front, unit=tree["a"])
    with pytest.raises(NotFound):
        services.project_create.authorize(actor=officer_b, unit=tree["a"])


def test_documents_through_the_api_stay_with_the_record(client, tree, front, officer_a, officer_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    board = commune_board(front, tree["a"])
    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    ins = held_inspection(inspector, board)
    url = f"/api/v1/oversight/inspections/{ins.pk}/documents"
    headers = {u.pk: _h(u) for u in (inspector, officer_a, officer_b)}
    before = _state()
    for user, status in ((officer_b, 404), (officer_a, 403)):
        r = client.post(url, {"title": "Biên bản", "file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
                        headers=headers[user.pk])
        assert r.status_code == status
    assert changes(before, _state()) == []
    r = client.post(url, {"title": "Biên bản", "file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
                    headers=headers[inspector.pk])
    assert r.status_code == 201 and r.json()["kind"] == "pdf"
    assert ins.documents.count() == 1


def test_a_document_without_a_title_is_refused_after_the_rule(client, tree, front, officer_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    board = commune_board(front, tree["a"])
    inspector = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    ins = held_inspection(inspector, board)
    url = f"/api/v1/oversight/inspections/{ins.pk}/documents"
    outsider, board_member = _h(officer_b), _h(inspector)
    r = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, headers=outsider)
    assert r.status_code == 404  # outside the scope, whatever the input
    r = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, headers=board_member)
    assert r.status_code == 400 and r.json()["code"] == "content_required"
    assert ins.documents.count() == 0
