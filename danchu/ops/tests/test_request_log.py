"""One log line per request (core.request_log): a request id, the URL pattern, the unit, the account id,
status and duration — and never personal data. JSON lines, and the restricted /metrics endpoint."""

import json
import logging

import pytest
from django.test import override_settings

from danchu.accounts.tests.factories import UserFactory
from danchu.core.request_log import (
    JsonFormatter,
    PlainFormatter,
    RequestIdFilter,
    mask_personal,
    metrics,
    sentry_scrub,
)

PHONE = "0912345678"
NAME = "Nguyễn Thị Riêng Tư"


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "danchu.request"]


@pytest.fixture
def person(db):
    return UserFactory(username="rieng.tu", full_name=NAME, phone=PHONE, email="riengtu@example.vn")


@pytest.mark.django_db
def test_one_line_per_request_with_id_unit_account_status_and_no_personal_data(client, tree, person, caplog):
    client.force_login(person)
    caplog.set_level(logging.INFO, logger="danchu.request")
    response = client.get(f"/u/T0A/?q={PHONE}&ten=Nguyễn+Thị+Riêng+Tư&email=riengtu@example.vn")
    assert response.status_code == 200
    [record] = request_lines(caplog)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["request_id"] == response["X-Request-ID"] and len(data["request_id"]) == 32
    assert (data["method"], data["route"], data["view"], data["unit"]) == ("GET", "/u/<str:code>/", "units:home", "T0A")
    assert data["status"] == 200 and data["user_id"] == person.pk and data["duration_ms"] >= 0
    for secret in (PHONE, NAME, "Nguyễn", "rieng.tu", "riengtu", "?q=", "ten="):
        assert secret not in line
        assert secret not in PlainFormatter().format(record)


@pytest.mark.django_db
def test_the_callers_request_id_is_kept_when_plausible(client, tree, caplog):
    caplog.set_level(logging.INFO, logger="danchu.request")
    kept = client.get("/u/T0A/", HTTP_X_REQUEST_ID="4f1c2a9e-0b7d-4e55-9a51-ffa0c2d9b001")
    assert kept["X-Request-ID"] == "4f1c2a9e-0b7d-4e55-9a51-ffa0c2d9b001"
    for bad in ("x", "a b c d e f g h", "<script>alert(1)</script>", PHONE, "+84912345678", "y" * 200):
        response = client.get("/u/T0A/", HTTP_X_REQUEST_ID=bad)
        assert response["X-Request-ID"] != bad and len(response["X-Request-ID"]) == 32
    assert [r.request_id for r in request_lines(caplog)][0] == "4f1c2a9e-0b7d-4e55-9a51-ffa0c2d9b001"
    assert PHONE not in " ".join(JsonFormatter().format(r) for r in request_lines(caplog))


@pytest.mark.django_db
def test_an_unknown_page_and_a_public_form_post_log_no_path_or_body(client, tree, caplog):
    caplog.set_level(logging.INFO, logger="danchu.request")
    client.get(f"/khong-co/{PHONE}/")
    client.post("/u/T0A/phan-anh/gui/", {"title": "Đèn hỏng", "body": "Đèn tắt", "full_name": NAME, "phone": PHONE})
    lines = [JsonFormatter().format(r) for r in request_lines(caplog)]
    assert json.loads(lines[0])["route"] == "<unresolved>" and json.loads(lines[0])["status"] == 404
    assert json.loads(lines[1])["route"] == "/u/<str:code>/phan-anh/gui/"
    for line in lines:
        assert PHONE not in line and NAME not in line


def test_other_log_lines_carry_the_request_id_and_are_masked():
    record = logging.makeLogRecord({"name": "danchu.cases", "levelno": logging.WARNING, "levelname": "WARNING",
                                    "msg": "không gửi được SMS tới %s (%s)", "args": ("+84 912 345 678", "a.b@example.vn")})
    RequestIdFilter().filter(record)
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "không gửi được SMS tới [số điện thoại] ([email])"
    assert data["request_id"] == "-"
    assert mask_personal("mã hồ sơ 2025-000123, lúc 10:05, 0.005 s") == "mã hồ sơ 2025-000123, lúc 10:05, 0.005 s"
    assert mask_personal("gọi 0912.345.678 hoặc 84912345678") == "gọi [số điện thoại] hoặc [số điện thoại]"


def test_sentry_events_lose_cookies_query_strings_and_user_details():
    event = {"request": {"url": f"https://x.vn/u/T0A/?q={PHONE}", "query_string": f"q={PHONE}", "cookies": {"sessionid": "s"},
                         "data": {"phone": PHONE}, "headers": {"Cookie": "s", "X-Request-ID": "abc12345", "Referer": "r"}},
             "user": {"id": 7, "username": "rieng.tu", "email": "riengtu@example.vn"},
             "exception": {"values": [{"type": "IntegrityError", "value": f"Key (phone)=({PHONE}) already exists"}]}}
    out = json.dumps(sentry_scrub(event), ensure_ascii=False)
    assert PHONE not in out and "rieng.tu" not in out and "riengtu" not in out and "sessionid" not in out
    assert event["user"] == {"id": 7} and event["request"]["headers"] == {"X-Request-ID": "abc12345"}


@pytest.mark.django_db
def test_metrics_are_closed_to_others_and_count_requests(client, tree):
    with override_settings(DANCHU_METRICS_ALLOW=[], DANCHU_METRICS_TOKEN=""):
        assert client.get("/metrics").status_code == 404
    with override_settings(DANCHU_METRICS_ALLOW=["10.1.0.0/16"], DANCHU_METRICS_TOKEN="t0ken-for-prometheus"):
        assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 404
        assert client.get("/metrics", REMOTE_ADDR="10.2.0.1", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
        before = metrics.values()["req:GET:2xx"]
        client.get("/u/T0A/")
        by_addr = client.get("/metrics", REMOTE_ADDR="10.1.3.4")
        by_token = client.get("/metrics", REMOTE_ADDR="10.2.0.1", HTTP_AUTHORIZATION="Bearer t0ken-for-prometheus")
        # Through a proxy nobody declared (DANCHU_TRUSTED_PROXIES=0), the proxy's address opens nothing.
        assert client.get("/metrics", REMOTE_ADDR="10.1.3.4", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
        with override_settings(DANCHU_TRUSTED_PROXIES=1):
            assert client.get("/metrics", REMOTE_ADDR="10.1.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
            assert client.get("/metrics", REMOTE_ADDR="10.1.0.1", HTTP_X_FORWARDED_FOR="10.1.9.9").status_code == 200
    assert by_addr.status_code == 200 and by_token.status_code == 200
    assert by_addr["Content-Type"].startswith("text/plain; version=0.0.4")
    text = by_addr.content.decode()
    count = next(int(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                 if line.startswith('danchu_http_requests_total{method="GET",status="2xx"}'))
    assert count >= before + 1
    assert "danchu_http_request_duration_seconds_bucket" in text
