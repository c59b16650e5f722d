from axes.models import AccessAttempt

from danchu.accounts.models import ApiToken
from danchu.accounts.tests.factories import PASSWORD, UserFactory
from danchu.core.models import AuditEvent
from danchu.core.roles import Role


def test_token_issued_for_phone_and_password_then_used_for_me(client, db):
    user = UserFactory(phone="0912345678", full_name="Trần Thị Thử")

    response = client.post("/api/v1/auth/token", {"username": "0912 345 678", "password": PASSWORD},
                           content_type="application/json")

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert ApiToken.objects.filter(user=user, key_hash=ApiToken.hash(body["token"])).count() == 1
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_token_issued_for_username(client, db):
    UserFactory(username="can_bo_1")

    response = client.post("/api/v1/auth/token", {"username": "can_bo_1", "password": PASSWORD},
                           content_type="application/json")

    assert response.status_code == 200


def test_wrong_password_is_401_login_invalid_and_issues_no_token(client, db):
    user = UserFactory(username="can_bo_1")

    response = client.post("/api/v1/auth/token", {"username": "can_bo_1", "password": "sai-mat-khau"},
                           content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "login_invalid"
    assert response.json()["message"] == "Số điện thoại/email hoặc mật khẩu không đúng."
    assert ApiToken.objects.filter(user=user).count() == 0
    assert AccessAttempt.objects.filter(username="can_bo_1").count() == 1


def test_unknown_user_is_the_same_401(client, db):
    response = client.post("/api/v1/auth/token", {"username": "khong-co", "password": PASSWORD},
                           content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "login_invalid"


def test_repeated_failures_pause_sign_in_with_429(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 2
    UserFactory(username="can_bo_1")
    for _ in range(2):
        client.post("/api/v1/auth/token", {"username": "can_bo_1", "password": "sai"}, content_type="application/json")

    response = client.post("/api/v1/auth/token", {"username": "can_bo_1", "password": PASSWORD},
                           content_type="application/json")

    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"


def test_inactive_user_gets_no_token(client, db):
    UserFactory(username="nghi_viec", is_active=False)

    response = client.post("/api/v1/auth/token", {"username": "nghi_viec", "password": PASSWORD},
                           content_type="application/json")

    assert response.status_code == 401


def test_token_of_deactivated_user_stops_working(client, db, bearer):
    user = UserFactory()
    headers = bearer(user)
    user.is_active = False
    user.save()

    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_me_without_credentials_is_401_json(client, db):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "unauthenticated"


def test_me_with_a_wrong_token_is_401(client, db):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer khong-phai-token"})

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_me_lists_grants(client, officer_a, bearer, tree):
    response = client.get("/api/v1/me", headers=bearer(officer_a))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == officer_a.pk
    assert body["full_name"] == "Cán bộ Xã A"
    assert body["phone"] == officer_a.phone
    assert [
        {k: g[k] for k in ("role", "role_label", "unit_code", "unit_name", "organization_id", "organization_name")}
        for g in body["grants"]
    ] == [
        {"role": Role.COMMUNE_OFFICER, "role_label": "Cán bộ, công chức cấp xã", "unit_code": "T0A",
         "unit_name": "Xã Bình Lục", "organization_id": None, "organization_name": None}
    ]


def test_me_by_session(client, citizen):
    client.force_login(citizen)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["grants"] == []


def test_issuing_a_token_is_audited(client, db):
    user = UserFactory(username="can_bo_1")

    client.post("/api/v1/auth/token", {"username": "can_bo_1", "password": PASSWORD}, content_type="application/json")

    assert AuditEvent.objects.filter(action="accounts.api_token_create", actor=user).count() == 1


def test_token_can_be_revoked_by_its_holder(client, officer_a):
    token = client.post("/api/v1/auth/token", {"username": "officer_a", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/me", **headers).status_code == 200
    assert client.delete("/api/v1/auth/token", **headers).status_code == 204
    assert client.get("/api/v1/me", **headers).status_code == 401
    assert client.delete("/api/v1/auth/token", **headers).status_code == 401
