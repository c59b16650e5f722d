"""Anonymous submissions are limited per client and per unit (core.ratelimit) at every door — the
case form, POST /api/v1/cases, Open311 and the dialogue's question form — and a refusal saves nothing.

Behind the proxy (DANCHU_TRUSTED_PROXIES=1) every request comes from the proxy's address; the client
is in X-Forwarded-For."""

import pytest
from django.urls import reverse

from danchu.cases.models import Case
from danchu.dialogues.models import DialogueQuestion
from danchu.dialogues.tests.helpers import dialogue

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def limits(settings):
    settings.DANCHU_TRUSTED_PROXIES = 1

    def set_(client: int, unit: int):
        settings.DANCHU_RATE_LIMITS = {"submission_client": (client, 3600), "submission_unit": (unit, 3600),
                                       "lookup_client": (20, 600)}

    return set_


def _meta(client_ip):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def _web(client, unit_code, n, client_ip="203.0.113.5"):
    return client.post(f"/u/{unit_code}/phan-anh/gui/", {
        "kind": "feedback", "category": "roads", "title": f"Ổ gà số {n}", "body": "Ổ gà sâu gần cầu.",
        "idempotency_key": f"web-{client_ip}-{n}"}, **_meta(client_ip))


def _api(client, unit_code, n, client_ip="203.0.113.5", **extra):
    return client.post("/api/v1/cases", {"unit": unit_code, "kind": "feedback", "title": f"Đèn hỏng số {n}",
                                         "body": "Đèn đường tắt.", "category": "lighting"},
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY=f"api-{client_ip}-{n}",
                       **_meta(client_ip), **extra)


def _open311(client, unit_code, n, client_ip="203.0.113.5"):
    return client.post("/open311/v2/requests.json", {"jurisdiction_id": unit_code, "service_code": "roads",
                                                     "description": f"Cống tắc số {n}"},
                       HTTP_IDEMPOTENCY_KEY=f"o311-{client_ip}-{n}", **_meta(client_ip))


def test_the_case_form_refuses_a_client_over_its_limit_and_saves_nothing(client, tree, limits):
    limits(client=3, unit=100)
    for n in range(3):
        assert _web(client, "T0A", n).status_code == 200
    refused = _web(client, "T0A", 3)
    assert refused.status_code == 429
    assert "Bạn đã gửi quá nhiều lần khi chưa đăng nhập" in refused.content.decode()
    assert Case.objects.count() == 3
    assert _web(client, "T0A", 4, client_ip="198.51.100.7").status_code == 200  # another client behind the proxy
    assert Case.objects.count() == 4


def test_the_api_and_open311_answer_429_throttled_and_save_nothing(client, tree, limits):
    limits(client=2, unit=100)
    assert _api(client, "T0A", 0).status_code == 201
    assert _open311(client, "T0A", 1).status_code == 200  # the doors share the client's allowance
    api = _api(client, "T0A", 2)
    assert api.status_code == 429
    assert api.json()["code"] == "throttled" and api.json()["message"].startswith("Bạn đã gửi quá nhiều lần")
    o311 = _open311(client, "T0A", 3)
    assert o311.status_code == 429 and o311.json()[0]["code"] == 429
    assert Case.objects.count() == 2


def test_a_unit_refuses_anonymous_submissions_over_its_limit_from_any_client(client, tree, limits):
    limits(client=100, unit=3)
    for n, ip in enumerate(("203.0.113.1", "203.0.113.2", "203.0.113.3")):
        assert _web(client, "T0A", n, client_ip=ip).status_code == 200
    refused = _api(client, "T0A", 9, client_ip="198.51.100.99")  # a new client: the unit is full
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert "Đơn vị này đang nhận quá nhiều lượt gửi" in refused.json()["message"]
    page = _web(client, "T0A", 10, client_ip="198.51.100.98")
    assert page.status_code == 429
    assert Case.objects.filter(unit=tree["a"]).count() == 3
    assert _web(client, "T0B", 11, client_ip="198.51.100.99").status_code == 200  # another commune is not full


def test_signed_in_people_are_not_counted(client, tree, limits, citizen):
    limits(client=1, unit=1)
    client.force_login(citizen)
    for n in range(3):
        assert _web(client, "T0A", n).status_code == 200
    assert Case.objects.count() == 3
    client.logout()
    assert _web(client, "T0A", 5).status_code == 200  # the anonymous allowance is still whole
    assert _web(client, "T0A", 6).status_code == 429


def test_a_forged_x_forwarded_for_does_not_buy_a_new_allowance(client, tree, settings):
    settings.DANCHU_TRUSTED_PROXIES = 0
    settings.DANCHU_RATE_LIMITS = {"submission_client": (2, 3600), "submission_unit": (100, 3600)}
    for n, forged in enumerate(("1.1.1.1", "2.2.2.2")):
        assert _web(client, "T0A", n, client_ip=forged).status_code == 200
    assert _web(client, "T0A", 2, client_ip="3.3.3.3").status_code == 429
    assert Case.objects.count() == 2


def _ask(client, url, n, client_ip="203.0.113.5"):
    return client.post(url, {"text": f"Câu hỏi thử số {n} về đường liên thôn", "asker_name": "Lan",
                             "asker_phone": "0987654321"}, **_meta(client_ip))


def test_dialogue_questions_without_an_account_per_client_and_per_unit(client, tree, officer_a, limits):
    limits(client=2, unit=3)
    d = dialogue(officer_a, tree["a"])
    url = reverse("dialogues:ask", args=["T0A", d.pk])
    assert [_ask(client, url, n).status_code for n in range(2)] == [302, 302]
    refused = _ask(client, url, 2)
    assert refused.status_code == 429
    assert "Bạn đã gửi quá nhiều lần" in refused.content.decode()
    assert _ask(client, url, 3, client_ip="198.51.100.7").status_code == 302  # another client: the unit's third
    assert _ask(client, url, 4, client_ip="198.51.100.8").status_code == 429  # the unit is full
    assert DialogueQuestion.objects.count() == 3
