import datetime as dt

import pytest

from danchu.accounts.tests.factories import PASSWORD
from danchu.core.roles import Role
from danchu.oversight import services
from danchu.oversight.models import Board, Inspection, Recommendation, RecState

from .factories import commune_board, held_inspection, today, user_with

D = dt.timedelta


@pytest.fixture
def front(tree):
    return user_with(Role.FRONT_OFFICER, unit=tree["a"])


@pytest.fixture
def inspector(tree):
    return user_with(Role.INSPECTION_BOARD, unit=tree["a"])


@pytest.fixture
def board(front, tree):
    return commune_board(front, tree["a"])


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_board_records_inspection_commune_answers_board_closes(client, board, inspector, chair_a, tree):
    _login(client, inspector)
    members = list(board.members.all())
    r = client.post(f"/quan-ly/giam-sat/ban/{board.pk}/kiem-tra/", {
        "subject": "Việc thu, chi quỹ đường giao thông thôn Đồng Quê", "inspected_body": "UBND xã",
        "period_from": (today() - D(days=365)).isoformat(), "period_to": today().isoformat(),
        "starts_on": (today() - D(days=2)).isoformat(), "ends_on": today().isoformat(),
        "notified_on": (today() - D(days=20)).isoformat(), "team": [members[0].pk, members[1].pk]})
    ins = Inspection.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/"
    page = client.get(r["Location"])
    assert page.status_code == 200 and "Việc thu, chi quỹ" in page.content.decode()
    client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/ket-qua/", {"findings": "Thiếu 3 chứng từ chi.",
                                                                  "held_on": today().isoformat()})
    r = client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/kien-nghi/", {
        "content": "Bổ sung chứng từ", "addressee_kind": "commune_pc", "addressee": "UBND xã Bình Lục",
        "sent_on": today().isoformat(), "due_on": ""}, follow=True)
    assert "Kiến nghị phải có hạn trả lời" in r.content.decode()
    assert Recommendation.objects.count() == 0  # no deadline: refused, nothing written
    r = client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/kien-nghi/", {
        "content": "Bổ sung chứng từ", "addressee_kind": "commune_pc", "addressee": "UBND xã Bình Lục",
        "sent_on": today().isoformat(), "due_on": (today() + D(days=10)).isoformat()}, follow=True)
    rec = Recommendation.objects.get()
    assert "Đã ghi nhận" in r.content.decode() and rec.due_on == today() + D(days=10)
    # The board may not answer; closing without an answer shows the error and changes nothing.
    r = client.post(f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/ket-thuc/", {"outcome": "done", "closed_on": today().isoformat()},
                    follow=True)
    assert "Chưa có trả lời" in r.content.decode()
    rec.refresh_from_db()
    assert rec.state == RecState.SENT
    client.logout()
    _login(client, chair_a)
    page = client.get(f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/").content.decode()
    assert 'id="answer-form"' in page and 'id="close-form"' not in page
    client.post(f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/tra-loi/", {"answer": "Tiếp thu, bổ sung trong 10 ngày.",
                                                                   "position": "accepted", "answered_on": today().isoformat()})
    rec.refresh_from_db()
    assert rec.state == RecState.ANSWERED
    client.logout()
    _login(client, inspector)
    client.post(f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/ket-thuc/", {"outcome": "done", "closed_on": today().isoformat()})
    rec.refresh_from_db()
    assert rec.state == RecState.CLOSED
    public = client.get("/u/T0A/giam-sat/").content.decode()
    assert "Thiếu 3 chứng từ chi." in public and "Đã thực hiện" in public


def test_other_commune_gets_404_and_nothing_changes(client, board, inspector, officer_b, tree):
    ins = held_inspection(inspector, board)
    rec = services.recommendation_make(actor=inspector, source=ins, content="x", addressee_kind="commune_pc",
                                       addressee="UBND xã", sent_on=today(), due_on=today() + D(days=5))
    _login(client, officer_b)
    for url in (f"/quan-ly/giam-sat/ban/{board.pk}/", f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/",
                f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/", "/quan-ly/T0A/giam-sat/"):
        assert client.get(url).status_code == 404
    r = client.post(f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/tra-loi/", {"answer": "x", "position": "accepted",
                                                                       "answered_on": today().isoformat()})
    assert r.status_code == 404
    rec.refresh_from_db()
    assert rec.state == RecState.SENT and rec.answer == ""
    assert client.get("/quan-ly/T0B/giam-sat/").status_code == 200


def test_front_creates_board_project_supervision_and_criticism(client, front, tree):
    _login(client, front)
    assert client.get("/quan-ly/T0A/giam-sat/").status_code == 200
    start = today() - D(days=30)
    r = client.post("/quan-ly/T0A/giam-sat/tao/ban/", {"term_start": start.isoformat(), "established_on": start.isoformat()})
    board = Board.objects.get()
    assert r["Location"] == f"/quan-ly/giam-sat/ban/{board.pk}/"
    r = client.post(f"/quan-ly/giam-sat/ban/{board.pk}/thanh-vien/", {
        "full_name": "Trần Thị Hoa", "seat": "hamlet", "hamlet": tree["a1"].pk, "position": "head",
        "elected_on": start.isoformat()})
    assert board.members.get().hamlet == tree["a1"]
    page = client.get(f"/quan-ly/giam-sat/ban/{board.pk}/").content.decode()
    assert "Trần Thị Hoa" in page and "1/5" in page
    r = client.post("/quan-ly/T0A/giam-sat/tao/cong-trinh/", {
        "name": "Nhà văn hóa thôn An Nội", "kind": "community", "investor": "UBND xã", "budget_vnd": 800_000_000,
        "location": "Thôn An Nội", "starts_on": today().isoformat(), "ends_on": (today() + D(days=120)).isoformat(),
        "hamlets": [tree["a2"].pk], "source_1": "commune", "amount_1": 500_000_000, "source_2": "people",
        "amount_2": 300_000_000, "source_3": "state"})
    assert r.status_code == 302 and "/cong-trinh/" in r["Location"]
    page = client.get(r["Location"]).content.decode()
    assert "Nhân dân đóng góp" in page and "/u/T0A/ban-quyet/" in page
    r = client.post("/quan-ly/T0A/giam-sat/tao/giam-sat-mttq/", {
        "conducted_by": "farmers", "subject": "Hỗ trợ giống lúa", "supervised_body": "UBND xã", "team_text": "Hội Nông dân xã",
        "starts_on": today().isoformat(), "ends_on": today().isoformat()})
    assert "/giam-sat/giam-sat/" in r["Location"]
    r = client.post("/quan-ly/T0A/giam-sat/tao/phan-bien/", {
        "conducted_by": "front", "form": "conference", "draft_title": "Dự thảo quy hoạch chung xã", "drafting_body": "UBND xã",
        "draft_received_on": today().isoformat(), "held_on": today().isoformat(), "participants": "MTTQ, đoàn thể"})
    assert "/phan-bien/" in r["Location"]


def _ids(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(v for k, v in attrs if k == "id")

    Ids().feed(html)
    return found


def _duplicates(html: str) -> list[str]:
    ids = _ids(html)
    return sorted({i for i in ids if ids.count(i) > 1})


def test_bad_form_input_comes_back_with_the_typed_text_and_saves_nothing(client, front):
    from danchu.oversight.models import SocialCriticism, Supervision

    _login(client, front)
    r = client.post("/quan-ly/T0A/giam-sat/tao/giam-sat-mttq/", {
        "conducted_by": "farmers", "subject": "Hỗ trợ giống lúa vụ xuân", "supervised_body": "Hợp tác xã Đồng Tâm",
        "plan": "Kiểm tra danh sách hộ nhận giống", "starts_on": today().isoformat(), "ends_on": "not a date"})
    html = r.content.decode()
    assert r.status_code == 400 and Supervision.objects.count() == 0
    assert 'value="Hỗ trợ giống lúa vụ xuân"' in html and 'value="Hợp tác xã Đồng Tâm"' in html
    assert "Kiểm tra danh sách hộ nhận giống" in html
    assert 'role="alert"' in html and 'href="#new-front-supervision-ends_on"' in html
    assert 'id="new-front-supervision-ends_on"' in html and not _duplicates(html)
    # a refusal by the service (the conference held before the draft arrived) likewise, on its field
    r = client.post("/quan-ly/T0A/giam-sat/tao/phan-bien/", {
        "conducted_by": "front", "form": "conference", "draft_title": "Dự thảo quy hoạch chung xã",
        "drafting_body": "UBND xã", "participants": "MTTQ, đoàn thể", "draft_received_on": today().isoformat(),
        "held_on": (today() - D(days=1)).isoformat()})
    html = r.content.decode()
    assert r.status_code == 400 and SocialCriticism.objects.count() == 0
    assert 'value="Dự thảo quy hoạch chung xã"' in html and 'role="alert"' in html
    assert 'href="#new-criticism-held_on"' in html and "không được trước ngày nhận dự thảo" in html
    r = client.post("/quan-ly/T0A/giam-sat/tao/ban/", {"term_start": "not a date"})
    assert r.status_code == 400 and Board.objects.count() == 0


def test_a_refused_step_keeps_the_typed_text_and_saves_nothing(client, board, inspector):
    ins = held_inspection(inspector, board)
    _login(client, inspector)
    r = client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/kien-nghi/", {
        "content": "Đề nghị bổ sung 3 chứng từ chi quỹ đường", "addressee_kind": "commune_pc",
        "addressee": "UBND xã Bình Lục", "sent_on": today().isoformat(), "due_on": ""})
    html = r.content.decode()
    assert r.status_code == 400 and Recommendation.objects.count() == 0
    assert "Đề nghị bổ sung 3 chứng từ chi quỹ đường" in html and "Kiến nghị phải có hạn trả lời" in html
    assert 'role="alert"' in html and 'href="#rec-form-' in html and not _duplicates(html)


def test_no_id_repeats_on_the_oversight_pages(client, front, board, inspector, chair_a):
    from danchu.oversight.models import SocialCriticism, Supervision

    ins = held_inspection(inspector, board)
    rec = services.recommendation_make(actor=inspector, source=ins, content="x", addressee_kind="commune_pc",
                                       addressee="UBND xã", sent_on=today(), due_on=today() + D(days=5))
    _login(client, front)
    client.post("/quan-ly/T0A/giam-sat/tao/giam-sat-mttq/", {
        "conducted_by": "farmers", "subject": "Giống lúa", "supervised_body": "UBND xã", "team_text": "Hội Nông dân",
        "starts_on": today().isoformat(), "ends_on": today().isoformat()})
    client.post("/quan-ly/T0A/giam-sat/tao/phan-bien/", {
        "conducted_by": "front", "form": "conference", "draft_title": "Dự thảo", "drafting_body": "UBND xã",
        "participants": "MTTQ", "draft_received_on": today().isoformat(), "held_on": today().isoformat()})
    pages = ["/quan-ly/T0A/giam-sat/", f"/quan-ly/giam-sat/ban/{board.pk}/",
             f"/quan-ly/giam-sat/giam-sat/{Supervision.objects.get().pk}/",
             f"/quan-ly/giam-sat/phan-bien/{SocialCriticism.objects.get().pk}/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert html.count("<form") >= 2, url  # several forms on the page
        assert not _duplicates(html), (url, _duplicates(html))
    html = client.get("/quan-ly/T0A/giam-sat/").content.decode()
    for form_id in ("new-board", "new-project", "new-front-supervision", "new-criticism"):
        assert f'id="{form_id}-starts_on"' in html or f'id="{form_id}-term_start"' in html or f'id="{form_id}-held_on"' in html
    client.logout()
    _login(client, inspector)
    for url in (f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/", f"/quan-ly/giam-sat/kien-nghi/{rec.pk}/",
                f"/quan-ly/giam-sat/ban/{board.pk}/"):
        html = client.get(url).content.decode()
        assert not _duplicates(html), (url, _duplicates(html))


def test_public_page_hides_planned_inspections(client, board, inspector):
    services.inspection_create(actor=inspector, board=board, subject="Kế hoạch chưa làm", inspected_body="UBND xã",
                               period_from=today(), period_to=today(), starts_on=today(), ends_on=today(),
                               team=list(board.members.all())[:1])
    held_inspection(inspector, board, subject="Đã kiểm tra xong")
    page = client.get("/u/T0A/giam-sat/").content.decode()
    assert "Đã kiểm tra xong" in page and "Kế hoạch chưa làm" not in page
    assert "Nguyễn Văn Thành 0" in page  # the board's composition is announced (Art. 40(2))


def test_organization_page_for_union_and_head(client, tree):
    from danchu.units.models import Organization

    org = Organization.objects.create(unit=tree["a"], kind="enterprise", name="Công ty May Bình Lục",
                                      search_name="cong ty may binh luc", province_code=tree["a"].province_code)
    union = user_with(Role.UNION_REP, organization=org)
    _login(client, union)
    start = today() - D(days=10)
    r = client.post(f"/quan-ly/to-chuc/{org.pk}/giam-sat/", {"term_start": start.isoformat(),
                                                             "established_on": start.isoformat()})
    board = Board.objects.get(organization=org)
    assert r["Location"] == f"/quan-ly/giam-sat/ban/{board.pk}/"
    assert board.term_end == services.add_months(start, 24)
    client.logout()
    other = user_with(Role.ORG_HEAD, organization=Organization.objects.create(
        unit=tree["b"], kind="enterprise", name="Công ty khác", search_name="cong ty khac", province_code="T01"))
    _login(client, other)
    assert client.get(f"/quan-ly/to-chuc/{org.pk}/giam-sat/").status_code == 404


def test_document_upload_and_download_stay_in_scope(client, board, inspector, officer_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ins = held_inspection(inspector, board)
    _login(client, inspector)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/tai-lieu/",
                {"title": "Biên bản kiểm tra", "file": SimpleUploadedFile("bien-ban.pdf", pdf, "application/pdf")})
    doc = ins.documents.get()
    r = client.get(f"/quan-ly/giam-sat/tai-lieu/{doc.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf
    r = client.post(f"/quan-ly/giam-sat/kiem-tra/{ins.pk}/tai-lieu/",
                    {"title": "Giả", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")}, follow=True)
    assert "không khớp" in r.content.decode() and ins.documents.count() == 1
    client.logout()
    _login(client, officer_b)
    assert client.get(f"/quan-ly/giam-sat/tai-lieu/{doc.pk}/").status_code == 404


def test_recommendation_list_filters_by_period_and_overdue(client, board, inspector, officer_a):
    ins = held_inspection(inspector, board)
    old = services.recommendation_make(actor=inspector, source=ins, content="Cũ quá hạn", addressee_kind="commune_pc",
                                       addressee="UBND xã", sent_on=ins.held_on, due_on=ins.held_on + D(days=3))
    services.recommendation_make(actor=inspector, source=ins, content="Mới trong hạn", addressee_kind="commune_pc",
                                 addressee="UBND xã", sent_on=today(), due_on=today() + D(days=5))
    _login(client, officer_a)
    page = client.get("/quan-ly/T0A/giam-sat/kien-nghi/?overdue=1").content.decode()
    assert "Cũ quá hạn" in page and "Mới trong hạn" not in page
    page = client.get(f"/quan-ly/T0A/giam-sat/kien-nghi/?from={today().isoformat()}&to=bad").content.decode()
    assert "Mới trong hạn" in page and "Cũ quá hạn" not in page
    assert old.due_on < today()
