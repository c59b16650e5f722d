"""The consultations API: the whole path through the API, the authorization matrix, errors as JSON."""

import datetime as dt

from django.utils import timezone

from danchu.accounts.services import api_token_create
from danchu.consultations.models import Consultation, Opinion, Vote

from .factories import end_period, resident


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"} if user else {}


def test_consultation_through_the_api_end_to_end(client, tree, officer_a, officer_b, chair_a, citizen):
    body = {"unit": tree["a"].code, "kind": "socio_economic", "title": "Kế hoạch phát triển kinh tế - xã hội 2027",
            "closes_at": (timezone.now() + dt.timedelta(days=21)).isoformat(),
            "draft_text": "I. MỤC TIÊU\n1. Tăng trưởng 8%.\n2. Giảm hộ nghèo còn 1,5%."}
    assert client.post("/api/v1/consultations", body, content_type="application/json").status_code == 401
    # outside one's scope a creation answers 404 (as for a unit one cannot see), inside without the right 403
    assert client.post("/api/v1/consultations", body, content_type="application/json",
                       headers=_h(citizen)).json()["code"] == "not_found"
    assert client.post("/api/v1/consultations", body, content_type="application/json", headers=_h(officer_b)).status_code == 404
    assert client.post("/api/v1/consultations", body, content_type="application/json",
                       headers=_h(resident(tree["a"]))).status_code == 403
    short = body | {"closes_at": (timezone.now() + dt.timedelta(days=5)).isoformat()}
    r = client.post("/api/v1/consultations", short, content_type="application/json", headers=_h(officer_a))
    assert r.status_code == 400 and r.json()["code"] == "period_too_short"
    assert not Consultation.objects.exists()
    r = client.post("/api/v1/consultations", body, content_type="application/json", headers=_h(officer_a))
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert client.get(f"/api/v1/consultations/{cid}").status_code == 404  # not published: private
    assert client.post(f"/api/v1/consultations/{cid}/publish", headers=_h(officer_a)).json()["state"] == "open"
    sections = client.get(f"/api/v1/consultations/{cid}/sections").json()
    assert [s["ref"] for s in sections] == ["Mục I", "Khoản 1 Mục I", "Khoản 2 Mục I"]
    r1, r2 = resident(tree["a1"]), resident(tree["a2"])
    r = client.post(f"/api/v1/consultations/{cid}/opinions", {"text": "Chỉ tiêu 8% quá cao", "section": sections[1]["id"]},
                    content_type="application/json", headers=_h(r1))
    assert r.status_code == 201
    oid = r.json()["id"]
    r = client.post(f"/api/v1/consultations/{cid}/opinions", {"text": ""}, content_type="application/json", headers=_h(r1))
    assert r.status_code == 400 and r.json()["code"] == "comment_empty" and r.json()["message"]
    assert client.post(f"/api/v1/opinions/{oid}/vote", {"choice": "agree"}, content_type="application/json",
                       headers=_h(r1)).json()["code"] == "vote_on_own_comment"
    assert client.post(f"/api/v1/opinions/{oid}/vote", {"choice": "agree"}, content_type="application/json",
                       headers=_h(r2)).json()["agree"] == 1
    assert client.post(f"/api/v1/opinions/{oid}/vote", {"choice": "pass"}, content_type="application/json",
                       headers=_h(r2)).json() == {"opinion": oid, "choice": "pass", "agree": 0, "disagree": 0, "passes": 1}
    assert Vote.objects.count() == 1
    # answering, hiding: the other commune's officer and a hamlet's resident are outside the commune's
    # officials' work (404); a resident of the commune without the right is refused (403)
    for who, status in ((officer_b, 404), (r2, 404), (resident(tree["a"]), 403)):
        r = client.post(f"/api/v1/opinions/{oid}/answer", {"kind": "explained", "text": "x"},
                        content_type="application/json", headers=_h(who))
        assert r.status_code == status, (who, r.content)
        r = client.post(f"/api/v1/opinions/{oid}/hide", {"reason": "x"}, content_type="application/json", headers=_h(who))
        assert r.status_code == status, (who, r.content)
        assert client.post(f"/api/v1/consultations/{cid}/opinions/recorded", {
            "text": "x", "source": "paper", "source_note": "Phiếu 1"}, content_type="application/json",
            headers=_h(who)).status_code == status
    assert Opinion.objects.get().answer_kind == "" and Opinion.objects.get().status == "visible"
    assert Opinion.objects.count() == 1
    r = client.post(f"/api/v1/opinions/{oid}/answer", {"kind": "accepted", "changed_text": "Tăng trưởng 7,5%."},
                    content_type="application/json", headers=_h(officer_a))
    assert r.json()["answer"]["kind"] == "accepted"
    assert Opinion.objects.get().answer_section_id == sections[1]["id"]
    assert client.post(f"/api/v1/consultations/{cid}/finalise", {}, content_type="application/json",
                       headers=_h(chair_a)).json()["code"] == "period_not_over"
    end_period(Consultation.objects.get(pk=cid))
    r = client.post(f"/api/v1/consultations/{cid}/finalise", {}, content_type="application/json", headers=_h(chair_a))
    assert r.status_code == 200, r.content
    assert r.json()["symbol"] == "01/BC-UBND" and r.json()["content"]["accepted"] == 1
    public = client.get(f"/api/v1/consultations/{cid}/report").json()
    assert public["pdf"].endswith("bao-cao.pdf")
    opinions = client.get(f"/api/v1/consultations/{cid}/opinions").json()
    assert opinions[0]["answer"]["changed_text"] == "Tăng trưởng 7,5%."
    assert [c["id"] for c in client.get(f"/api/v1/consultations?unit={tree['a'].code}").json()] == [cid]


def test_hidden_opinion_text_is_not_served(client, tree, officer_a):
    from .factories import consultation

    c = consultation(officer_a, tree["a"])
    r = resident(tree["a1"])
    oid = client.post(f"/api/v1/consultations/{c.pk}/opinions", {"text": "Lời lẽ thô tục"}, content_type="application/json",
                      headers=_h(r)).json()["id"]
    assert client.post(f"/api/v1/opinions/{oid}/hide", {"reason": ""}, content_type="application/json",
                       headers=_h(officer_a)).json()["code"] == "reason_required"
    client.post(f"/api/v1/opinions/{oid}/hide", {"reason": "Thô tục"}, content_type="application/json", headers=_h(officer_a))
    row = client.get(f"/api/v1/consultations/{c.pk}/opinions").json()[0]
    assert row["hidden"] is True and row["text"] is None and row["hidden_reason"] == "Thô tục"
