"""A denunciation that lacks what Law on Denunciations Art. 23 requires — the denouncer's name and
address — is refused with the reason, on the page and in the API alike; nothing of what the person
typed is kept (it would otherwise become feedback, whose identity every officer of the unit reads)."""

import pytest

from danchu.cases.models import Case, CaseEvent, CaseIdentity
from danchu.core.models import AuditEvent

from .factories import DENOUNCER

pytestmark = pytest.mark.django_db

FIELDS = {"kind": "denunciation", "category": "officials", "title": "Tố cáo cán bộ địa chính",
          "body": "Cán bộ địa chính nhận tiền.", "accused": "Ông Lê Văn C", "violation": "Nhận tiền khi làm thủ tục",
          "full_name": DENOUNCER.full_name, "phone": DENOUNCER.phone, "id_number": DENOUNCER.id_number}


def _nothing_kept():
    assert Case.objects.count() == CaseIdentity.objects.count() == CaseEvent.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_form_says_beforehand_that_name_and_address_are_required(client, tree):
    html = client.get(f"/u/{tree['a'].code}/phan-anh/gui/").content.decode()
    assert "Tố cáo không ghi rõ họ tên, địa chỉ sẽ không được nhận" in html and "Phản ánh" in html


def test_the_page_refuses_a_denunciation_without_address_and_keeps_nothing(client, tree):
    r = client.post(f"/u/{tree['a'].code}/phan-anh/gui/", {**FIELDS, "idempotency_key": "k-no-address"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Còn thiếu: địa chỉ." in html and "Điều 23" in html
    assert DENOUNCER.phone not in html.split("<form")[0]  # only in the form the person is filling in
    _nothing_kept()


def test_the_api_refuses_it_the_same_way(client, tree):
    r = client.post("/api/v1/cases", {"unit": tree["a"].code, **FIELDS, "full_name": ""}, content_type="application/json")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "identity_required" and body["field"] == "full_name"
    assert "Còn thiếu: họ và tên, địa chỉ." in body["message"] and "Missing: name, address" in body["message_en"]
    assert DENOUNCER.phone not in r.content.decode() and DENOUNCER.id_number not in r.content.decode()
    _nothing_kept()


def test_with_name_and_address_it_is_a_denunciation(client, tree):
    r = client.post("/api/v1/cases", {"unit": tree["a"].code, **FIELDS, "address": DENOUNCER.address},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["kind"] == "denunciation"
    case = Case.objects.get()
    assert case.kind == "denunciation" and not case.anonymous_denunciation
