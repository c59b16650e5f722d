"""The disclosures API: same services and permissions as the pages."""

import pytest

from danchu.accounts.services import api_token_create
from danchu.core.models import LogEntry
from danchu.disclosures.models import Disclosure

from .factories import PDF, published

pytestmark = pytest.mark.django_db


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"} if user else {}


BODY = {"category": "commune-11-3", "title": "Kế hoạch sử dụng đất 2026", "body": "Nội dung",
        "channels": ["notice_commune", "notice_hamlet"], "decision_date": "2026-03-02"}


def test_catalogue(client):
    data = client.get("/api/v1/disclosure-categories").json()
    item = next(c for c in data if c["code"] == "commune-11-7")
    assert item["article"] == 11 and item["clause"] == 7 and item["min_posting_days"] == 30 and item["loudspeaker_days"] == 3
    assert {c["scope"] for c in client.get("/api/v1/disclosure-categories?scope=agency").json()} == {"agency"}


def test_create_attach_publish_correct_withdraw(client, tree, officer_a):
    h = _h(officer_a)
    r = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code}, content_type="application/json", headers=h)
    assert r.status_code == 201, r.json()
    did = r.json()["id"]
    assert r.json()["status"] == "draft"
    r = client.post(f"/api/v1/disclosures/{did}/attachments", {"file": _file("kh.pdf", PDF)}, headers=h)
    assert r.status_code == 201 and len(r.json()["sha256"]) == 64
    r = client.post(f"/api/v1/disclosures/{did}/attachments", {"file": _file("gia.docx", PDF)}, headers=h)
    assert r.status_code == 400 and r.json()["code"] == "attachment_content_mismatch"
    r = client.post(f"/api/v1/disclosures/{did}/publish", headers=h)
    assert r.status_code == 200 and r.json()["disclosure"]["status"] == "published"
    assert r.json()["disclosure"]["versions"][0]["attachments"][0]["name"] == "kh.pdf"
    r = client.post(f"/api/v1/disclosures/{did}/correct", {**BODY, "title": "Đính chính", "note": "sai số"},
                    content_type="application/json", headers=h)
    assert r.status_code == 200 and [v["number"] for v in r.json()["disclosure"]["versions"]] == [2, 1]
    r = client.post(f"/api/v1/disclosures/{did}/withdraw", {"reason": "Hủy"}, content_type="application/json", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    r = client.post(f"/api/v1/disclosures/{did}/withdraw", {"reason": "Lần hai"}, content_type="application/json", headers=h)
    assert r.status_code == 400 and r.json()["code"] == "already_withdrawn"
    assert LogEntry.objects.count() == 3


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_public_reads_and_search(client, tree, officer_a):
    d = published(officer_a, tree["a"])
    items = client.get("/api/v1/disclosures?q=ke+hoach+su+dung+dat").json()
    assert items["count"] == 1 and items["items"][0]["id"] == d.pk and items["items"][0]["unit"] == tree["a"].code
    assert client.get(f"/api/v1/disclosures?unit={tree['a'].code}").json()["count"] == 1
    assert client.get(f"/api/v1/disclosures?unit={tree['b'].code}").json()["count"] == 0
    assert client.get(f"/api/v1/disclosures/{d.pk}").json()["versions"][0]["title"] == "Kế hoạch sử dụng đất năm 2026"


@pytest.mark.parametrize("_case", ["anonymous", "citizen", "other commune"])
def test_writes_outside_scope_change_nothing(client, tree, officer_a, officer_b, citizen, _case):
    from danchu.core.models import AuditEvent

    user = {"anonymous": None, "citizen": citizen, "other commune": officer_b}[_case]
    draft = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code}, content_type="application/json",
                        headers=_h(officer_a)).json()["id"]
    h = _h(user)  # issuing a token is audited: before counting
    audits = AuditEvent.objects.count()
    # outside the caller's scope everything answers 404, as for a unit or a draft that does not exist
    r = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code}, content_type="application/json", headers=h)
    assert r.status_code == (401 if user is None else 404)
    r = client.post(f"/api/v1/disclosures/{draft}/publish", headers=h)
    assert r.status_code == (401 if user is None else 404)
    assert client.get(f"/api/v1/disclosures/{draft}", headers=h).status_code == 404
    assert client.get(f"/api/v1/disclosures?status=draft&unit={tree['a'].code}", headers=h).status_code == 404
    assert client.get("/api/v1/disclosures?status=draft", headers=h).json()["count"] == 0
    assert Disclosure.objects.count() == 1 and Disclosure.objects.get().status == "draft" and LogEntry.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_officer_sees_own_drafts(client, tree, officer_a):
    client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code}, content_type="application/json", headers=_h(officer_a))
    assert client.get("/api/v1/disclosures?status=draft", headers=_h(officer_a)).json()["count"] == 1


def test_bad_input(client, tree, officer_a):
    h = _h(officer_a)
    r = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code, "title": " "}, content_type="application/json", headers=h)
    assert r.status_code == 400 and r.json()["code"] == "title_required" and r.json()["message"] == "Tiêu đề không được để trống."
    r = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code, "category": "agency-46-plans"},
                    content_type="application/json", headers=h)
    assert r.json()["code"] == "category_not_for_unit"
    r = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code, "category": "khong-co"},
                    content_type="application/json", headers=h)
    assert r.status_code == 404
    assert Disclosure.objects.count() == 0


def test_question(client, tree, officer_a, citizen):
    d = published(officer_a, tree["a"])
    r = client.post(f"/api/v1/disclosures/{d.pk}/questions", {"text": "Bao giờ thu hồi đất?"}, content_type="application/json",
                    headers=_h(citizen))
    assert r.status_code == 201 and r.json()["status"] == "case" and len(r.json()["case_code"]) >= 8


def _draft(client, tree, officer_a, **kw):
    r = client.post("/api/v1/disclosures", {**BODY, "unit": tree["a"].code, **kw}, content_type="application/json",
                    headers=_h(officer_a))
    assert r.status_code == 201, r.json()
    return r.json()["id"]


def test_patch_draft_changes_only_the_given_fields(client, tree, officer_a):
    h = _h(officer_a)
    did = _draft(client, tree, officer_a)
    att = client.post(f"/api/v1/disclosures/{did}/attachments", {"file": _file("kh.pdf", PDF)}, headers=h).json()
    channels = Disclosure.objects.get(pk=did).versions.get().channels
    r = client.patch(f"/api/v1/disclosures/{did}", {"title": "Kế hoạch sử dụng đất 2026 (sửa)", "decision_date": None},
                     content_type="application/json", headers=h)
    assert r.status_code == 200, r.json()
    d = Disclosure.objects.get(pk=did)
    v = d.versions.get()
    assert (d.title, d.search_title, d.status) == ("Kế hoạch sử dụng đất 2026 (sửa)", " ke hoach su dung dat 2026 sua ", "draft")
    assert (v.body, v.channels, v.decision_date) == ("Nội dung", channels, None)
    r = client.patch(f"/api/v1/disclosures/{did}", {"remove_attachments": [att["id"]]}, content_type="application/json",
                     headers=h)
    assert r.status_code == 200 and v.attachments.count() == 0
    assert LogEntry.objects.count() == 0  # a draft is not public: nothing logged


@pytest.mark.parametrize(("_case", "who", "status"), [
    ("anonymous", None, 401), ("citizen", "citizen", 404), ("other commune's officer", "officer_b", 404),
])
def test_patch_draft_refused_changes_nothing(client, tree, officer_a, request, _case, who, status):
    did = _draft(client, tree, officer_a)
    user = request.getfixturevalue(who) if who else None
    r = client.patch(f"/api/v1/disclosures/{did}", {"title": "Sửa trái phép"}, content_type="application/json",
                     headers=_h(user))
    assert r.status_code == status
    assert Disclosure.objects.get(pk=did).title == BODY["title"]


def test_patch_bad_input_and_published(client, tree, officer_a):
    h = _h(officer_a)
    did = _draft(client, tree, officer_a)
    r = client.patch(f"/api/v1/disclosures/{did}", {"title": "  "}, content_type="application/json", headers=h)
    assert r.status_code == 400 and r.json()["code"] == "title_required"
    assert Disclosure.objects.get(pk=did).title == BODY["title"]
    d = published(officer_a, tree["a"])
    r = client.patch(f"/api/v1/disclosures/{d.pk}", {"title": "Sửa ngầm"}, content_type="application/json", headers=h)
    assert r.status_code == 400 and r.json()["code"] == "not_draft"
    assert Disclosure.objects.get(pk=d.pk).title != "Sửa ngầm" and LogEntry.objects.count() == 1
    r = client.patch("/api/v1/disclosures/-1", {"title": "x"}, content_type="application/json", headers=h)
    assert r.status_code == 404
