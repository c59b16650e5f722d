"""The HTTP doors: API submission (idempotent), tracking with rate limit, officer steps with the
authorization matrix, Open311 GeoReport v2 round trip, and the pages."""

import pytest
from django.core.cache import cache

from danchu.accounts.services import api_token_create
from danchu.cases.models import Case, CaseEvent, Status
from danchu.core.ratelimit import rate

from .factories import file_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


FEEDBACK = {"unit": "T0A", "kind": "feedback", "title": "Ổ gà trên đường liên thôn", "body": "Ổ gà sâu gần cầu.",
            "category": "roads"}


def test_api_submission_is_idempotent(client, tree):
    r1 = client.post("/api/v1/cases", FEEDBACK, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-123")
    r2 = client.post("/api/v1/cases", FEEDBACK, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-123")
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert r1.json()["tracking_code"] == r2.json()["tracking_code"]
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == 1
    assert r1.json()["deadlines"][0]["article"] == "Luật Tiếp công dân 2013, Điều 28 khoản 1"


def test_api_bad_input_is_a_clear_error(client, tree):
    r = client.post("/api/v1/cases", {**FEEDBACK, "kind": "complaint"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "identity_required"
    r = client.post("/api/v1/cases", {**FEEDBACK, "unit": "NOPE"}, content_type="application/json")
    assert r.status_code == 404
    assert Case.objects.count() == 0


def test_tracking_lookup_is_rate_limited(client, tree):
    case = file_case(tree["a"])
    for _ in range(rate("lookup_client").limit):
        assert client.get("/api/v1/cases/track/ZZZZZZZZZZ").status_code == 404
    r = client.get(f"/api/v1/cases/track/{case.tracking_code}")
    assert r.status_code == 429 and r.json()["code"] == "throttled"
    assert client.get(f"/tra-cuu/?code={case.tracking_code}").status_code == 429


@pytest.mark.parametrize(("_case", "who", "status"), [
    ("unauthenticated", None, 401), ("citizen", "citizen", 404), ("officer of another commune", "officer_b", 404),
    ("officer of the unit", "officer_a", 200),
])
def test_api_accept_matrix(client, tree, request, _case, who, status):
    case = file_case(tree["a"])
    headers = _bearer(request.getfixturevalue(who)) if who else {}
    r = client.post(f"/api/v1/cases/{case.pk}/accept", {}, content_type="application/json", **headers)
    assert r.status_code == status
    fresh = Case.objects.get()
    assert fresh.status == (Status.ACCEPTED if status == 200 else Status.RECEIVED)
    assert fresh.events.count() == (2 if status == 200 else 1)


def test_api_officer_flow_and_queue(client, tree, officer_a):
    h = _bearer(officer_a)
    case = file_case(tree["a"], title="Rác thải ở bãi sông Đồng Quê")
    file_case(tree["b"], title="Rác thải xã B")
    listed = client.get("/api/v1/cases?unit=T0A&q=rac thai dong que", **h).json()
    assert [c["tracking_code"] for c in listed] == [case.tracking_code]
    r = client.post(f"/api/v1/cases/{case.pk}/transfer", {"target": "T0B", "reason": "Thuộc địa bàn xã B"},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["unit"] == "T0B"
    tracked = client.get(f"/api/v1/cases/track/{case.tracking_code}").json()
    assert tracked["transferred_to"] == "Xã Đông Hòa" and tracked["transfer_reason"] == "Thuộc địa bàn xã B"
    assert client.get(f"/api/v1/cases/{case.pk}", **h).status_code == 404  # no longer ours


def test_open311_round_trip(client, tree):
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code": "roads", "service_name": "Đường sá, cầu cống"}.items() <= services[0].items()
    r = client.post("/open311/v2/requests.json", {
        "jurisdiction_id": "T0A", "service_code": "lighting", "description": "Đèn đường tắt\nngõ 3",
        "lat": "20.5", "long": "105.9", "address_string": "Ngõ 3 thôn Đồng Quê", "email": "a@example.vn",
        "first_name": "Văn", "last_name": "An",
    }, HTTP_IDEMPOTENCY_KEY="o311-1")
    assert r.status_code == 200
    sid = r.json()[0]["service_request_id"]
    again = client.post("/open311/v2/requests.json", {
        "jurisdiction_id": "T0A", "service_code": "lighting", "description": "Đèn đường tắt\nngõ 3",
        "lat": "20.5", "long": "105.9", "address_string": "Ngõ 3 thôn Đồng Quê", "email": "a@example.vn",
        "first_name": "Văn", "last_name": "An",
    }, HTTP_IDEMPOTENCY_KEY="o311-1")
    assert again.json()[0]["service_request_id"] == sid and Case.objects.count() == 1
    other = client.post("/open311/v2/requests.json", {"jurisdiction_id": "T0A", "service_code": "lighting",
                                                      "description": "Đèn đường tắt"}, HTTP_IDEMPOTENCY_KEY="o311-1")
    assert other.status_code == 409 and sid not in other.content.decode() and Case.objects.count() == 1
    one = client.get(f"/open311/v2/requests/{sid}.json").json()[0]
    assert one["status"] == "open" and one["service_code"] == "lighting" and one["lat"] == 20.5
    assert one["agency_responsible"] == "Xã Bình Lục" and "a@example.vn" not in str(one) and "An" not in one["status_notes"]
    listed = client.get(f"/open311/v2/requests.json?service_request_id={sid}").json()
    assert [x["service_request_id"] for x in listed] == [sid]
    assert client.get("/open311/v2/requests.json").json() == []  # not public unless the filer allowed it


def test_open311_errors(client, tree):
    assert client.post("/open311/v2/requests.json", {"jurisdiction_id": "T0A", "service_code": "x"}).status_code == 400
    r = client.post("/open311/v2/requests.json", {"jurisdiction_id": "NOPE", "service_code": "roads", "description": "d"})
    assert r.status_code == 400 and r.json()[0]["code"] == 400
    assert client.get("/open311/v2/requests/ZZZZZZZZZZ.json").status_code == 404
    assert Case.objects.count() == 0


def test_pages_file_and_track_without_account(client, tree):
    form = client.get("/u/T0A/phan-anh/gui/")
    assert form.status_code == 200 and "Gửi phản ánh" in form.content.decode()
    r = client.post("/u/T0A/phan-anh/gui/", {"kind": "feedback", "category": "roads", "title": "Cống tắc",
                                             "body": "Cống trước nhà văn hóa bị tắc.", "idempotency_key": "form-1"})
    assert r.status_code == 200
    case = Case.objects.get()
    code = f"{case.tracking_code[:4]}-{case.tracking_code[4:8]}-{case.tracking_code[8:]}"
    assert code in r.content.decode()
    # A double click / refresh resubmits the same key: still one case.
    client.post("/u/T0A/phan-anh/gui/", {"kind": "feedback", "category": "roads", "title": "Cống tắc",
                                         "body": "Cống trước nhà văn hóa bị tắc.", "idempotency_key": "form-1"})
    assert Case.objects.count() == 1
    html = client.get(f"/tra-cuu/?code={code.lower()}").content.decode()
    assert "Cống tắc" in html and "Đã tiếp nhận" in html and "Điều 28" in html
    assert client.get("/tra-cuu/?code=AAAA-BBBB-CC").status_code == 404


def test_officer_pages(client, tree, officer_a, officer_b):
    case = file_case(tree["a"], "complaint", title="Khiếu nại thu hồi đất")
    client.force_login(officer_a)
    assert "Khiếu nại thu hồi đất" in client.get("/quan-ly/T0A/ho-so/?q=khieu nai thu hoi").content.decode()
    client.post(f"/quan-ly/ho-so/{case.pk}/accept/", {"complex_case": "on"})
    assert Case.objects.get().status == Status.ACCEPTED
    client.post(f"/quan-ly/ho-so/{case.pk}/resolve/", {"answer": ""})
    assert Case.objects.get().status == Status.ACCEPTED
    client.post(f"/quan-ly/ho-so/{case.pk}/resolve/", {"answer": "Giữ nguyên quyết định", "decision_ref": "QĐ 5"})
    assert Case.objects.get().status == Status.RESOLVED
    new = client.post("/quan-ly/T0A/ho-so/moi/", {"kind": "feedback", "category": "other", "title": "Đơn thư",
                                                   "body": "Nội dung", "channel": "letter", "received_on": "2026-11-20"})
    assert new.status_code == 302 and Case.objects.get(title="Đơn thư").channel == "letter"
    ids = list(Case.objects.filter(status=Status.RECEIVED).values_list("pk", flat=True))
    client.post("/quan-ly/T0A/ho-so/chuyen/", {"case": ids, "target": "T0B", "reason": "Thuộc xã B"})
    assert Case.objects.filter(unit=tree["b"]).count() == len(ids) == 1
    client.force_login(officer_b)
    assert client.get(f"/quan-ly/ho-so/{case.pk}/").status_code == 404
    assert client.get("/quan-ly/T0A/ho-so/").status_code == 404
    assert client.post(f"/quan-ly/ho-so/{case.pk}/refuse/", {"ground": "x"}).status_code == 404


def test_unit_page_links_to_filing(client, tree, officer_a):
    html = client.get("/u/T0A/").content.decode()
    assert "/u/T0A/phan-anh/gui/" in html
