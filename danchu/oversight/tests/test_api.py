"""The oversight API end to end, and its authorization matrix (denied changes nothing)."""

import datetime as dt

import pytest

from danchu.accounts.services import api_token_create
from danchu.core.roles import Role
from danchu.oversight.models import Board, Inspection, Recommendation, SocialCriticism

from .factories import commune_board, today, user_with

D = dt.timedelta
J = "application/json"


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"} if user else {}


@pytest.fixture
def front(tree):
    return user_with(Role.FRONT_OFFICER, unit=tree["a"])


@pytest.fixture
def inspector(tree):
    return user_with(Role.INSPECTION_BOARD, unit=tree["a"])


def test_inspection_recommendation_answer_close_through_the_api(client, tree, front, inspector, officer_a, officer_b, citizen):
    board = commune_board(front, tree["a"])
    team = [m.pk for m in board.members.all()][:2]
    body = {"board_id": board.pk, "subject": "Quỹ vì người nghèo", "inspected_body": "UBND xã",
            "period_from": (today() - D(days=90)).isoformat(), "period_to": today().isoformat(),
            "starts_on": (today() - D(days=1)).isoformat(), "ends_on": today().isoformat(), "team": team}
    # unauthenticated 401; outside the scope 404; inside without the right 403 — nothing created
    assert client.post("/api/v1/oversight/inspections", body, content_type=J).status_code == 401
    assert client.post("/api/v1/oversight/inspections", body, content_type=J, headers=_h(officer_b)).status_code == 404
    assert client.post("/api/v1/oversight/inspections", body, content_type=J, headers=_h(citizen)).status_code == 404
    r = client.post("/api/v1/oversight/inspections", body, content_type=J, headers=_h(officer_a))
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert Inspection.objects.count() == 0
    r = client.post("/api/v1/oversight/inspections", body, content_type=J, headers=_h(inspector))
    assert r.status_code == 201, r.content
    iid = r.json()["id"]
    r = client.post(f"/api/v1/oversight/inspections/{iid}/findings", {"findings": "Chi sai mục đích 2 triệu đồng.",
                                                                       "held_on": today().isoformat()},
                    content_type=J, headers=_h(inspector))
    assert r.json()["held_on"] == today().isoformat()
    rec_body = {"source": "inspection", "source_id": iid, "content": "Thu hồi khoản chi sai", "addressee_kind": "commune_pc",
                "addressee": ""}
    r = client.post("/api/v1/oversight/recommendations", rec_body, content_type=J, headers=_h(inspector))
    assert r.status_code == 400 and r.json()["code"] == "addressee_required"
    rec_body["addressee"] = "UBND xã Bình Lục"
    r = client.post("/api/v1/oversight/recommendations", rec_body, content_type=J, headers=_h(inspector))
    assert r.json()["code"] == "deadline_required"
    rec_body["due_on"] = (today() + D(days=15)).isoformat()
    r = client.post("/api/v1/oversight/recommendations", rec_body, content_type=J, headers=_h(inspector))
    assert r.status_code == 201
    rid = r.json()["id"]
    r = client.post(f"/api/v1/oversight/recommendations/{rid}/close", {"outcome": "done"}, content_type=J,
                    headers=_h(inspector))
    assert r.status_code == 400 and r.json()["code"] == "answer_required"
    r = client.post(f"/api/v1/oversight/recommendations/{rid}/answer", {"answer": "x", "position": "accepted"},
                    content_type=J, headers=_h(officer_b))
    assert r.status_code == 404
    r = client.post(f"/api/v1/oversight/recommendations/{rid}/answer",
                    {"answer": "Đã thu hồi, nộp lại quỹ.", "position": "accepted"}, content_type=J, headers=_h(officer_a))
    assert r.json()["state"] == "answered"
    r = client.post(f"/api/v1/oversight/recommendations/{rid}/close", {"outcome": "done"}, content_type=J,
                    headers=_h(inspector))
    assert r.json()["state"] == "closed"
    assert [e["action"] for e in r.json()["events"]] == ["sent", "answered", "closed"]
    listed = client.get("/api/v1/oversight/recommendations?unit=T0A", headers=_h(officer_a)).json()
    assert [x["id"] for x in listed] == [rid]
    assert client.get("/api/v1/oversight/recommendations?unit=T0A", headers=_h(officer_b)).status_code == 404
    public = client.get("/api/v1/oversight/public/T0A").json()
    assert public["inspections"][0]["recommendations"][0]["outcome"] == "done"


def test_board_member_term_error_through_the_api(client, tree, front):
    r = client.post("/api/v1/oversight/boards", {"unit": "T0A", "term_start": "2025-01-01", "term_end": "2026-01-01",
                                                 "established_on": "2025-01-01"}, content_type=J, headers=_h(front))
    assert r.status_code == 400 and r.json()["code"] == "term_invalid"
    r = client.post("/api/v1/oversight/boards", {"unit": "T0A", "term_start": "2025-01-01", "established_on": "2025-01-01"},
                    content_type=J, headers=_h(front))
    bid = r.json()["id"]
    assert r.json()["term_end"] == "2030-01-01"
    r = client.post(f"/api/v1/oversight/boards/{bid}/members", {"full_name": "Lê Văn Tâm", "seat": "hamlet",
                                                                "hamlet": "T0B-01", "elected_on": "2025-01-01"},
                    content_type=J, headers=_h(front))
    assert r.json()["code"] == "seat_invalid"
    r = client.post(f"/api/v1/oversight/boards/{bid}/members", {"full_name": "Lê Văn Tâm", "seat": "hamlet",
                                                                "hamlet": "T0A-01", "elected_on": "2025-01-01"},
                    content_type=J, headers=_h(front))
    assert r.status_code == 201 and r.json()["term_to"] == "2030-01-01"
    assert Board.objects.get().members.count() == 1
    bad = client.post("/api/v1/oversight/boards", {"unit": "T0A", "term_start": "not-a-date"}, content_type=J,
                      headers=_h(front))
    assert bad.status_code == 422


def test_project_with_contributions_and_front_criticism_through_the_api(client, tree, front, officer_a):
    body = {"unit": "T0A", "name": "Kênh mương nội đồng", "investor": "UBND xã", "budget_vnd": 900_000_000,
            "location": "Cánh đồng thôn Đồng Quê", "starts_on": today().isoformat(),
            "ends_on": (today() + D(days=60)).isoformat(), "hamlets": ["T0A-01"],
            "funding": [{"source": "state", "amount_vnd": 600_000_000}, {"source": "people", "amount_vnd": 300_000_000}]}
    r = client.post("/api/v1/oversight/projects", body, content_type=J, headers=_h(front))
    assert r.status_code == 201, r.content
    r = client.get(f"/api/v1/oversight/projects/{r.json()['id']}", headers=_h(officer_a))
    assert r.json()["contributions"] == [] and r.json()["funding"][1]["source"] == "people"
    r = client.post("/api/v1/oversight/criticisms", {
        "unit": "T0A", "draft_title": "Dự thảo kế hoạch sử dụng đất 2026", "drafting_body": "UBND xã",
        "draft_received_on": today().isoformat(), "held_on": today().isoformat(), "participants": "MTTQ, đoàn thể"},
        content_type=J, headers=_h(front))
    cid = r.json()["id"]
    assert client.post(f"/api/v1/oversight/criticisms/{cid}/opinions", {"speaker": "Hội CCB", "text": "Đồng ý"},
                       content_type=J, headers=_h(officer_a)).status_code == 403
    assert SocialCriticism.objects.get().opinions.count() == 0
    client.post(f"/api/v1/oversight/criticisms/{cid}/document", {"document": "Văn bản phản biện", "sent_on": today().isoformat()},
                content_type=J, headers=_h(front))
    r = client.post(f"/api/v1/oversight/criticisms/{cid}/answer", {"answer": "Không tiếp thu", "position": "not_accepted",
                                                                   "answered_on": today().isoformat()},
                    content_type=J, headers=_h(officer_a))
    assert r.json()["code"] == "reason_required"
    assert Recommendation.objects.count() == 0


def test_the_openapi_document_describes_oversights_own_request_bodies():
    """Schema classes are named once across the API (a shared name would describe another app's body)."""
    from danchu.api.urls import api

    schema = api.get_openapi_schema()

    def body(path):
        ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return set(schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"])

    assert body("/api/v1/oversight/recommendations/{rec_id}/answer") >= {"answer", "position"}
    assert body("/api/v1/oversight/criticisms/{criticism_id}/opinions") == {"speaker", "text"}
