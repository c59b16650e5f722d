"""The decisions API: matters, my votes, results, minutes download; authorization matrix."""

import io

import pytest
from docx import Document

from danchu.accounts.services import api_token_create
from danchu.decisions.models import Matter, Vote

from .factories import hamlet_head, households, representative_user

pytestmark = pytest.mark.django_db


def _h(user):
    return {"Authorization": f"Bearer {api_token_create(user=user)}"} if user else {}


def test_online_vote_through_the_api_end_to_end(client, tree, citizen, officer_b):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 3)
    body = {"unit": hamlet.code, "kind": "other", "title": "Trồng cây xanh dọc đường thôn", "form": "online"}
    # unauthenticated, unprivileged, other commune: refused, nothing created (outside the unit: 404)
    assert client.post("/api/v1/decisions/matters", body, content_type="application/json").status_code == 401
    assert client.post("/api/v1/decisions/matters", body, content_type="application/json",
                       headers=_h(citizen)).json()["code"] == "not_found"
    assert client.post("/api/v1/decisions/matters", body, content_type="application/json",
                       headers=_h(officer_b)).status_code == 404
    assert Matter.objects.count() == 0
    r = client.post("/api/v1/decisions/matters", body, content_type="application/json", headers=_h(head))
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    r = client.post(f"/api/v1/decisions/matters/{mid}/open", headers=_h(head))
    assert r.json()["code"] == "online_agreement_missing"
    from danchu.decisions import services
    services.matter_record_online_agreement(actor=head, matter=Matter.objects.get(pk=mid), agreed=2)
    assert client.post(f"/api/v1/decisions/matters/{mid}/open", headers=_h(head)).json()["status"] == "open"

    rep = representative_user(hs[0])
    r = client.post(f"/api/v1/decisions/matters/{mid}/vote", {"choice": "agree"}, content_type="application/json",
                    headers=_h(rep))
    assert r.json() == {"matter": mid, "channel": "online", "choice": "agree", "opinion": "", "counted": True}
    r = client.post(f"/api/v1/decisions/matters/{mid}/vote", {"choice": "agree"}, content_type="application/json",
                    headers=_h(citizen))
    assert r.status_code == 403  # an open matter is public: no right to vote on it
    mine = client.get("/api/v1/decisions/my-votes", headers=_h(rep)).json()
    assert mine[0]["online_choice"] == "agree" and mine[0]["household"] == hs[0].code
    assert client.get(f"/api/v1/decisions/matters/{mid}/result").status_code == 404

    r = client.post(f"/api/v1/decisions/matters/{mid}/close", headers=_h(head)).json()
    assert r["result"] == "not_valid" and r["counts"]["households_total"] == 3  # 1 of 3 cannot reach > 50%
    assert client.post(f"/api/v1/decisions/matters/{mid}/close", headers=_h(head)).json()["code"] == "already_closed"
    public = client.get(f"/api/v1/decisions/matters/{mid}/result").json()
    assert public["vote_set_sha256"] == r["vote_set_sha256"]
    doc = client.get(public["minutes_docx"])
    assert doc.status_code == 200
    assert "BIÊN BẢN" in "\n".join(p.text for p in Document(io.BytesIO(doc.content)).paragraphs)
    assert client.get(public["minutes_pdf"]).content[:4] == b"%PDF"
    assert [m["id"] for m in client.get(f"/api/v1/decisions/matters?unit={tree['a'].code}").json()] == [mid]
    assert Vote.objects.count() == 1
