"""Pages and API: the public schedule and results, the question form (with and without an
account), the officials' pages and steps, and another unit's records answering 404 with nothing changed."""

import pytest
from django.urls import reverse

from danchu.accounts.services import api_token_create
from danchu.cases.models import Case
from danchu.dialogues.models import Commitment, Dialogue, DialogueQuestion, ReceptionDay, ReceptionVisit

from .helpers import days, dialogue, held_dialogue, paper_question, reception_day, today


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


def test_public_pages(client, tree, officer_a):
    d = dialogue(officer_a, tree["a"], topic="Đối thoại về đất đai")
    h = held_dialogue(officer_a, tree["a"], topic="Đối thoại về môi trường")
    q = paper_question(officer_a, h, received_on=days(-12))
    from danchu.dialogues import services

    services.question_answer(actor=officer_a, question=q, answer="Xã sẽ nạo vét kênh trong tháng tới.")
    services.commitment_add(actor=officer_a, dialogue=h, text="Nạo vét kênh Đồng Quê", owner="UBND xã", due_on=days(-1))
    body = client.get(reverse("dialogues:public", args=["T0A"])).content.decode()
    assert "Đối thoại về đất đai" in body and "Đối thoại về môi trường" in body
    body = client.get(reverse("dialogues:public_detail", args=["T0A", h.pk])).content.decode()
    assert "Xã sẽ nạo vét kênh trong tháng tới." in body and "Nạo vét kênh Đồng Quê" in body and "Quá hạn" in body
    assert 'id="ask"' not in body  # a held dialogue takes no more questions
    assert 'id="ask"' in client.get(reverse("dialogues:public_detail", args=["T0A", d.pk])).content.decode()
    assert "Nạo vét kênh" in client.get(reverse("dialogues:commitments", args=["T0A"]) + "?loc=overdue").content.decode()
    assert client.get(reverse("dialogues:public_detail", args=["T0B", h.pk])).status_code == 404  # not B's
    assert client.get(reverse("dialogues:reception", args=["T0A"]) + "?thang=2026-13").status_code == 404
    body = client.get(reverse("dialogues:reception", args=["T0A"]) + "?thang=2026-11").content.decode()
    assert "Luật 136/2025/QH15" in body
    for name in ("public", "commitments", "reception"):
        assert client.get(reverse(f"dialogues:{name}", args=["T0A-01"])).status_code == 200  # pillar links on a hamlet


def test_ask_without_account_on_the_page(client, tree, officer_a):
    d = dialogue(officer_a, tree["a"])
    url = reverse("dialogues:ask", args=["T0A", d.pk])
    r = client.post(url, {"text": "Xin hỏi về hỗ trợ giống lúa vụ xuân?"})
    assert r.status_code == 400 and "số điện thoại" in r.content.decode()
    assert DialogueQuestion.objects.count() == 0
    r = client.post(url, {"text": "Xin hỏi về hỗ trợ giống lúa vụ xuân?", "asker_name": "Đỗ Thị Lan",
                          "asker_phone": "0987654321"})
    assert r.status_code == 302
    body = client.get(reverse("dialogues:public_detail", args=["T0A", d.pk])).content.decode()
    assert "hỗ trợ giống lúa" in body and "0987654321" not in body and "Đỗ Thị Lan" not in body


def test_official_pages_and_steps(client, tree, officer_a):
    client.force_login(officer_a)
    assert 'id="annual-warning"' in client.get(reverse("dialogues:manage", args=["T0A"])).content.decode()
    r = client.post(reverse("dialogues:manage", args=["T0A"]), {
        "topic": "Đối thoại với thanh niên", "leader_role": "commune_chair", "leader_name": "Nguyễn Văn Chủ",
        "held_on": today().isoformat(), "place": "Nhà văn hóa", "audience": "Đoàn viên thanh niên"})
    assert r.status_code == 302
    d = Dialogue.objects.get()
    step = lambda s, data: client.post(reverse("dialogues:step", args=[d.pk, s]), data)  # noqa: E731
    step("question", {"text": "Có mở lớp dạy nghề không?", "source": "paper", "source_note": "Chi đoàn thôn An Nội"})
    step("held", {"attendees": "60", "summary": "Thống nhất mở lớp"})
    q = DialogueQuestion.objects.get()
    step("answer", {"question": q.pk, "answer": "Tháng sau mở lớp sửa xe máy.", "answered_by": "Chủ tịch UBND xã"})
    step("commitment", {"text": "Mở lớp sửa xe máy", "owner": "Văn phòng UBND xã", "due_on": days(30).isoformat(),
                        "question": q.pk})
    c = Commitment.objects.get()
    step("complete", {"commitment": c.pk, "result": "Đã mở lớp 30 học viên", "done_on": today().isoformat()})
    c.refresh_from_db()
    q.refresh_from_db()
    assert (q.answer, c.status, c.question_id) == ("Tháng sau mở lớp sửa xe máy.", "done", q.pk)
    body = client.get(reverse("dialogues:detail", args=[d.pk])).content.decode()
    assert "Đã mở lớp 30 học viên" in body
    assert 'id="annual-warning"' not in client.get(reverse("dialogues:manage", args=["T0A"])).content.decode()
    # A bad step is a message, not a 500, and writes nothing.
    r = step("commitment", {"text": "x", "owner": "", "due_on": days(3).isoformat()})
    assert r.status_code == 302 and Commitment.objects.count() == 1


def test_reception_pages_and_a_case_from_a_visit(client, tree, officer_a):
    client.force_login(officer_a)
    url = reverse("dialogues:reception_manage", args=["T0A"])
    body = client.get(url).content.decode()
    assert 'id="warnings"' in body and "còn thiếu" in body
    r = client.post(url, {"leader_role": "commune_chair", "leader_name": "Nguyễn Văn Chủ", "day": days(-1).isoformat(),
                          "place": "Trụ sở UBND xã", "kind": "regular"})
    assert r.status_code == 302
    day = ReceptionDay.objects.get()
    client.post(reverse("dialogues:reception_step", args=[day.pk, "outcome"]), {"outcome": "held"})
    r = client.post(reverse("dialogues:reception_step", args=[day.pk, "visit"]), {
        "kind": "feedback", "visitor_name": "Vũ Văn Hải", "summary": "Cống thoát nước tắc ở xóm 3", "group_size": "1"})
    assert r.status_code == 302
    v = ReceptionVisit.objects.get()
    assert Case.objects.get().tracking_code == v.case_code
    assert v.case_code in client.get(reverse("dialogues:reception_day", args=[day.pk])).content.decode()
    # Refused by the case service: the form shows the reason, nothing is written.
    r = client.post(reverse("dialogues:reception_step", args=[day.pk, "visit"]), {
        "kind": "complaint", "visitor_name": "Vũ Văn Hải", "summary": "Khiếu nại", "group_size": "1"})
    assert r.status_code == 400 and "Điều 8" in r.content.decode()
    assert (ReceptionVisit.objects.count(), Case.objects.count()) == (1, 1)


def test_another_units_records_answer_404_and_change_nothing(client, tree, officer_a, officer_b):
    h = held_dialogue(officer_a, tree["a"])
    q = paper_question(officer_a, h, received_on=days(-12))
    day = reception_day(officer_a, tree["a"], held=True)
    client.force_login(officer_b)
    assert client.get(reverse("dialogues:manage", args=["T0A"])).status_code == 404
    assert client.get(reverse("dialogues:detail", args=[h.pk])).status_code == 404
    assert client.post(reverse("dialogues:step", args=[h.pk, "answer"]), {"question": q.pk, "answer": "x"}).status_code == 404
    assert client.get(reverse("dialogues:reception_manage", args=["T0A"])).status_code == 404
    assert client.post(reverse("dialogues:reception_step", args=[day.pk, "visit"]),
                       {"kind": "guidance", "visitor_name": "A", "summary": "B"}).status_code == 404
    # A question of A through B's own dialogue page: still refused.
    hb = held_dialogue(officer_b, tree["b"])
    assert client.post(reverse("dialogues:step", args=[hb.pk, "answer"]), {"question": q.pk, "answer": "x"}).status_code == 404
    q.refresh_from_db()
    assert q.answer == "" and ReceptionVisit.objects.count() == 0


def test_api_flow(client, tree, officer_a, citizen):
    h = _bearer(officer_a)
    r = client.post("/api/v1/dialogues", {"unit": "T0A", "leader_role": "commune_chair", "leader_name": "Nguyễn Văn Chủ",
                                          "topic": "Đối thoại về giao thông", "held_on": days(2).isoformat(),
                                          "place": "UBND xã", "audience": "Nhân dân"}, content_type="application/json", **h)
    assert r.status_code == 201, r.content
    did = r.json()["id"]
    r = client.post(f"/api/v1/dialogues/{did}/questions", {"text": "Bao giờ có đèn tín hiệu ở ngã tư?"},
                    content_type="application/json", **_bearer(citizen))
    assert r.status_code == 201 and r.json()["asker"] == ""
    qid = r.json()["id"]
    r = client.post(f"/api/v1/dialogue-questions/{qid}/answer", {"answer": "Sớm"}, content_type="application/json", **h)
    assert (r.status_code, r.json()["code"]) == (400, "answer_before_dialogue")
    listed = client.get("/api/v1/dialogues?unit=T0A").json()
    assert [x["topic"] for x in listed] == ["Đối thoại về giao thông"]
    detail = client.get(f"/api/v1/dialogues/{did}").json()
    assert detail["questions"][0]["text"] == "Bao giờ có đèn tín hiệu ở ngã tư?" and "phone" not in str(detail)
    # Reception over the API, with the month's warnings.
    r = client.post("/api/v1/reception/days", {"unit": "T0A", "leader_role": "commune_chair", "leader_name": "Chủ",
                                               "day": days(-1).isoformat(), "place": "UBND xã"},
                    content_type="application/json", **h)
    assert r.status_code == 201
    rid = r.json()["id"]
    assert client.post(f"/api/v1/reception/days/{rid}/outcome", {"outcome": "held"}, content_type="application/json",
                       **h).json()["status"] == "held"
    r = client.post(f"/api/v1/reception/days/{rid}/visits", {"kind": "recommendation", "visitor_name": "Lê Văn Tâm",
                                                             "summary": "Đề nghị làm sân chơi cho trẻ em"},
                    content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["case_code"]
    t = today()
    month = client.get(f"/api/v1/reception/month?unit=T0A&year={t.year}&month={t.month}", **h).json()
    assert month["required"] >= 2 and all(w["article"] for w in month["warnings"])


@pytest.mark.parametrize("path", [
    "/api/v1/reception/month?unit=T0A&year=2026&month=11",
    "/api/v1/reception/days/{rid}/visits",
])
def test_api_private_reads_of_another_unit_are_404(client, tree, officer_a, officer_b, path):
    day = reception_day(officer_a, tree["a"], held=True)
    r = client.get(path.format(rid=day.pk), **_bearer(officer_b))
    assert (r.status_code, r.json()["code"]) == (404, "not_found")


def test_api_write_on_another_unit_is_404_and_changes_nothing(client, tree, officer_a, officer_b):
    d = held_dialogue(officer_a, tree["a"])
    r = client.post(f"/api/v1/dialogues/{d.pk}/commitments", {"text": "x", "owner": "y", "due_on": days(5).isoformat()},
                    content_type="application/json", **_bearer(officer_b))
    assert r.status_code == 404 and Commitment.objects.count() == 0
    r = client.post("/api/v1/dialogues", {"unit": "T0A", "leader_role": "commune_chair", "leader_name": "B",
                                          "topic": "x", "held_on": days(2).isoformat(), "place": "p", "audience": "a"},
                    content_type="application/json", **_bearer(officer_b))
    assert r.status_code == 404 and Dialogue.objects.count() == 1
    r = client.post("/api/v1/dialogues", {"unit": "T0A"}, content_type="application/json", **_bearer(officer_a))
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input")


def test_org_head_manages_the_organizations_dialogues(client, tree, officer_b):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role
    from danchu.units.tests.factories import OrganizationFactory

    org = OrganizationFactory(unit=tree["a"], name="Công ty May Bình Lục")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    client.force_login(head)
    url = reverse("dialogues:manage_org", args=[org.pk])
    r = client.post(url, {"topic": "Đối thoại định kỳ với người lao động", "leader_role": "org_head",
                          "leader_name": "Giám đốc", "held_on": days(4).isoformat(), "place": "Nhà ăn ca",
                          "audience": "Người lao động, công đoàn"})
    assert r.status_code == 302
    d = Dialogue.objects.get()
    assert d.organization == org and d.unit == tree["a"]
    assert "Đối thoại định kỳ với người lao động" in client.get(url).content.decode()
    assert client.get(reverse("dialogues:detail", args=[d.pk])).status_code == 200
    assert client.get(reverse("dialogues:manage", args=["T0A"])).status_code == 404  # not the commune's pages
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"topic": "x", "leader_role": "org_head", "leader_name": "y", "held_on": days(4).isoformat(),
                             "place": "p", "audience": "a"}).status_code == 404
    assert Dialogue.objects.count() == 1


def test_province_page_lists_its_communes_dialogues(client, tree, officer_a, officer_b):
    dialogue(officer_a, tree["a"], topic="Đối thoại ở xã A")
    held_dialogue(officer_b, tree["b"], topic="Đối thoại ở xã B")
    body = client.get(reverse("dialogues:public", args=[tree["province"].code])).content.decode()
    assert "Đối thoại ở xã A" in body and "Đối thoại ở xã B" in body and "Xã Đông Hòa" in body
    assert "Đối thoại ở xã B" not in client.get(reverse("dialogues:public", args=["T0A"])).content.decode()


def test_questions_without_account_are_rate_limited(client, tree, officer_a):
    from django.core.cache import cache

    from danchu.core.ratelimit import rate

    ASK_LIMIT = rate("submission_client").limit  # noqa: N806
    cache.clear()
    d = dialogue(officer_a, tree["a"])
    url = reverse("dialogues:ask", args=["T0A", d.pk])
    for i in range(ASK_LIMIT):
        assert client.post(url, {"text": f"Câu hỏi thử số {i} về đường", "asker_name": "Lan",
                                 "asker_phone": "0987654321"}).status_code == 302
    r = client.post(url, {"text": "Câu hỏi vượt giới hạn", "asker_name": "Lan", "asker_phone": "0987654321"})
    assert r.status_code == 429 and DialogueQuestion.objects.count() == ASK_LIMIT
    cache.clear()


def test_a_workplace_dialogue_is_404_to_the_communes_officials(client, tree, officer_a, chair_a):
    """Law 10/2022 Arts. 56, 73: an enterprise's or agency's dialogue with its staff is the organization's;
    the commune's officer and chair get 404 on its pages and API, as for an id that does not exist."""
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role
    from danchu.dialogues.models import LeaderRole
    from danchu.units.models import OrganizationKind
    from danchu.units.tests.factories import OrganizationFactory

    for kind in (OrganizationKind.ENTERPRISE, OrganizationKind.AGENCY):
        org = OrganizationFactory(unit=tree["a"], kind=kind)
        head = UserFactory()
        grant(head, Role.ORG_HEAD, organization=org)
        d = held_dialogue(head, tree["a"], organization=org, leader_role=LeaderRole.ORG_HEAD)
        q = paper_question(head, d, received_on=days(-12))
        before = (Dialogue.objects.count(), DialogueQuestion.objects.count(), Commitment.objects.count())
        new = {"topic": "x", "leader_role": "org_head", "leader_name": "y", "held_on": days(4).isoformat(),
               "place": "p", "audience": "a"}
        for user in (officer_a, chair_a):
            client.force_login(user)
            assert client.get(reverse("dialogues:manage_org", args=[org.pk])).status_code == 404
            assert client.post(reverse("dialogues:manage_org", args=[org.pk]), new).status_code == 404
            assert client.get(reverse("dialogues:detail", args=[d.pk])).status_code == 404
            assert client.post(reverse("dialogues:step", args=[d.pk, "answer"]),
                               {"question": q.pk, "answer": "x"}).status_code == 404
            assert client.post(reverse("dialogues:step", args=[d.pk, "commitment"]),
                               {"text": "x", "owner": "y", "due_on": days(5).isoformat()}).status_code == 404
            api = _bearer(user)
            r = client.post("/api/v1/dialogues", {**new, "unit": "T0A", "organization": org.pk},
                            content_type="application/json", **api)
            assert (r.status_code, r.json()["code"]) == (404, "not_found")
            r = client.post(f"/api/v1/dialogue-questions/{q.pk}/answer", {"answer": "x"},
                            content_type="application/json", **api)
            assert r.status_code == 404
            # The commune's own list does not show it.
            assert d.topic not in client.get(reverse("dialogues:manage", args=["T0A"])).content.decode()
        assert (Dialogue.objects.count(), DialogueQuestion.objects.count(), Commitment.objects.count()) == before
        q.refresh_from_db()
        assert q.answer == ""
        client.force_login(head)
        assert client.get(reverse("dialogues:detail", args=[d.pk])).status_code == 200


@pytest.fixture
def front_a(tree):
    """An official of commune A (the Front) without the right to manage dialogues or reception."""
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    u = UserFactory()
    grant(u, Role.FRONT_OFFICER, unit=tree["a"])
    return u


def test_management_pages_404_outside_the_scope_403_inside_without_the_right(client, tree, officer_a, officer_b,
                                                                            citizen, front_a):
    h = held_dialogue(officer_a, tree["a"])
    day = reception_day(officer_a, tree["a"], held=True)
    pages = [reverse("dialogues:manage", args=["T0A"]), reverse("dialogues:reception_manage", args=["T0A"]),
             reverse("dialogues:detail", args=[h.pk]), reverse("dialogues:reception_day", args=[day.pk])]
    for user, status in ((officer_b, 404), (citizen, 404), (front_a, 403)):
        client.force_login(user)
        for url in pages:
            r = client.get(url)
            assert r.status_code == status, (url, user)
            assert 'name="topic"' not in r.content.decode() and 'name="leader_name"' not in r.content.decode()
        assert client.post(pages[0], {"topic": "x", "leader_role": "commune_chair", "leader_name": "y",
                                      "held_on": days(3).isoformat(), "place": "p", "audience": "a"}).status_code == status
        assert client.post(reverse("dialogues:reception_step", args=[day.pk, "outcome"]),
                           {"outcome": "cancelled", "note": "x"}).status_code == status
    assert Dialogue.objects.count() == 1 and ReceptionDay.objects.get().status == "held"


def test_api_creation_in_another_commune_is_404(client, tree, officer_b, front_a):
    body = {"unit": "T0A", "leader_role": "commune_chair", "leader_name": "Chủ", "day": days(-1).isoformat(),
            "place": "UBND xã"}
    r = client.post("/api/v1/reception/days", body, content_type="application/json", **_bearer(officer_b))
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = client.post("/api/v1/reception/days", body, content_type="application/json", **_bearer(front_a))
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    t = today()
    r = client.get(f"/api/v1/reception/month?unit=T0A&year={t.year}&month={t.month}", **_bearer(front_a))
    assert r.status_code == 403
    assert ReceptionDay.objects.count() == 0
