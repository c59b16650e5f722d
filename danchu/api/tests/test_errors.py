"""Every answer under /api/v1/ is JSON, errors included; CSRF only for session-authenticated writes."""

import json

import pytest
from django.test import Client

from danchu.accounts.models import RoleGrant

JSON = "application/json; charset=utf-8"
CSRF = "a" * 32  # a cookie secret, sent back in the header as Django's CSRF check expects


@pytest.mark.parametrize(
    ("_case", "body"),
    [
        ("malformed JSON", "{username: "),
        ("not JSON at all", "username=a&password=b"),
        ("JSON but not an object", "[1, 2]"),
        ("missing field", '{"username": "a"}'),
        ("wrong type", '{"username": ["a"], "password": 1}'),
        ("empty body", ""),
    ],
)
def test_bad_input_is_422_invalid_input_json(client, db, _case, body):
    response = client.post("/api/v1/auth/token", body, content_type="application/json")

    assert response.status_code == 422
    assert response["Content-Type"] == JSON
    assert response.json()["code"] == "invalid_input"
    assert response.json()["message"] == "Dữ liệu gửi lên không hợp lệ."


def test_missing_field_is_named(client, db):
    response = client.post("/api/v1/auth/token", {"username": "a"}, content_type="application/json")

    assert response.json()["details"] == [{"field": "password", "message": "Field required"}]


def test_malformed_json_on_a_private_write_changes_nothing(client, chair_a, bearer):
    headers = bearer(chair_a)
    before = RoleGrant.objects.count()

    response = client.post("/api/v1/units/T0A/grants", "{", content_type="application/json", headers=headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert RoleGrant.objects.count() == before


def test_wrong_path_parameter_type_is_422(client, chair_a, bearer):
    response = client.delete("/api/v1/grants/abc", headers=bearer(chair_a))

    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "grant_id"


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/units/T0A/nope/deeper", "/api/v1/docs/assets/../../settings.py"])
def test_unknown_path_is_404_json(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == JSON
    assert response.json()["code"] == "not_found"


def test_unknown_path_post_is_404_json_not_csrf_html(db):
    response = Client(enforce_csrf_checks=True).post("/api/v1/nope", "{}", content_type="application/json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_root_points_to_the_docs(client, db):
    response = client.get("/api/v1/")

    assert response.json() == {"title": "danchu API", "version": "1.0.0", "docs": "/api/v1/docs",
                               "openapi": "/api/v1/openapi.json"}


def test_vietnamese_is_sent_as_utf8_text(client, db):
    response = client.get("/api/v1/me")

    assert "Cần đăng nhập" in response.content.decode("utf-8")


def test_wrong_method_is_405_json(client, db):
    response = client.put("/api/v1/units", "{}", content_type="application/json")

    assert response.status_code == 405
    assert response["Content-Type"] == JSON
    assert response["Allow"] == "GET"
    assert response.json()["code"] == "method_not_allowed"


# --- CSRF ---------------------------------------------------------------------------------
GRANT = {"identifier": "citizen", "role": "commune_officer"}


def test_session_write_without_csrf_token_is_refused(chair_a, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chair_a)

    response = client.post("/api/v1/units/T0A/grants", GRANT, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not RoleGrant.objects.filter(user=citizen).exists()


def test_session_write_with_csrf_token_is_accepted(chair_a, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chair_a)
    client.cookies["csrftoken"] = CSRF

    response = client.post("/api/v1/units/T0A/grants", GRANT, content_type="application/json",
                           headers={"X-CSRFToken": CSRF})

    assert response.status_code == 201


def test_session_read_needs_no_csrf_token(chair_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chair_a)

    assert client.get("/api/v1/units/T0A/grants").status_code == 200


def test_token_write_needs_no_csrf_token(chair_a, citizen, bearer):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/api/v1/units/T0A/grants", GRANT, content_type="application/json",
                           headers=bearer(chair_a))

    assert response.status_code == 201


def test_unauthenticated_write_is_401_not_a_csrf_error(db):
    response = Client(enforce_csrf_checks=True).post("/api/v1/units/T0A/grants", GRANT, content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_request_needs_no_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post("/api/v1/auth/token", {"username": "x", "password": "y"},
                                                     content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "login_invalid"


# --- OpenAPI and docs ---------------------------------------------------------------------
def test_openapi_is_json_with_the_paths(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/units/{code}/households",
        "/api/v1/units/{code}/grants",
        "/api/v1/grants/{grant_id}",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/units/{code}/grants"]) == {"get", "post"}
    assert schema["paths"]["/api/v1/units"]["get"].get("security") is None  # public
    assert {"BearerTokenAuth", "SessionAuthCsrf"} <= set(schema["components"]["securitySchemes"])


def test_docs_page_uses_local_assets_only(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr" not in html
    assert "<script>" not in html  # no inline script: the CSP allows none
    assert 'src="/api/v1/docs/assets/swagger-ui-bundle.js"' in html
    assert 'id="swagger-settings"' in html
    assert '"url": "/api/v1/openapi.json"' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui-init.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("favicon.svg", "image/svg+xml"),
    ],
)
def test_docs_assets_are_served(client, db, name, content_type):
    response = client.get(f"/api/v1/docs/assets/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content)


def test_docs_assets_are_an_allow_list(client, db):
    response = client.get("/api/v1/docs/assets/swagger-ui-bundle.js.map")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
