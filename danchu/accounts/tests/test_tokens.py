"""API tokens expire (DANCHU_API_TOKEN_DAYS), and their owner lists and revokes them — nobody else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danchu.accounts import services
from danchu.accounts.models import ApiToken
from danchu.accounts.tests.factories import PASSWORD, UserFactory


def _h(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_token_expires_after_the_configured_days(client, db, settings):
    settings.DANCHU_API_TOKEN_DAYS = 7
    user = UserFactory(username="may_chu")
    before = timezone.now()
    response = client.post("/api/v1/auth/token", {"username": "may_chu", "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200
    key = response.json()["token"]
    token = ApiToken.objects.get(user=user)
    assert before + dt.timedelta(days=7) <= token.expires_at <= timezone.now() + dt.timedelta(days=7)
    sent = dt.datetime.fromisoformat(response.json()["expires_at"])  # JSON keeps milliseconds
    assert abs(sent - token.expires_at) < dt.timedelta(milliseconds=1)
    assert client.get("/api/v1/me", **_h(key)).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = client.get("/api/v1/me", **_h(key))
    assert expired.status_code == 401
    assert expired.json()["code"] == "unauthenticated"


def test_the_default_lifetime_is_thirty_days(db):
    _, token = services.api_token_issue(user=UserFactory())
    assert dt.timedelta(days=29, hours=23) < token.expires_at - token.created_at <= dt.timedelta(days=30, seconds=5)


def test_the_owner_lists_their_tokens_never_the_token_itself(client, db):
    me, other = UserFactory(), UserFactory()
    mine = [services.api_token_issue(user=me) for _ in range(2)]
    services.api_token_issue(user=other)
    response = client.get("/api/v1/auth/tokens", **_h(mine[0][0]))
    assert response.status_code == 200
    rows = response.json()
    assert sorted(r["id"] for r in rows) == sorted(t.pk for _, t in mine)
    assert {r["prefix"] for r in rows} == {k[:8] for k, _ in mine}
    assert all(r["active"] and r["expires_at"] and r["created_at"] for r in rows)
    assert not any(k in response.content.decode() for k, _ in mine)
    assert client.get("/api/v1/auth/tokens").status_code == 401


def test_the_owner_revokes_one_token_and_it_stops_working(client, db):
    me = UserFactory()
    (k1, t1), (k2, _) = services.api_token_issue(user=me), services.api_token_issue(user=me)
    assert client.delete(f"/api/v1/auth/tokens/{t1.pk}", **_h(k2)).status_code == 204
    assert client.get("/api/v1/me", **_h(k1)).status_code == 401
    assert client.get("/api/v1/me", **_h(k2)).status_code == 200
    again = client.delete(f"/api/v1/auth/tokens/{t1.pk}", **_h(k2))
    assert again.status_code == 400 and again.json()["code"] == "token_inactive"
    listed = {r["id"]: r for r in client.get("/api/v1/auth/tokens", **_h(k2)).json()}
    assert listed[t1.pk]["active"] is False and listed[t1.pk]["revoked_at"]


def test_another_user_can_neither_list_nor_revoke_my_token_404(client, db):
    me, other = UserFactory(), UserFactory()
    my_key, my_token = services.api_token_issue(user=me)
    their_key, _ = services.api_token_issue(user=other)
    assert my_token.pk not in [r["id"] for r in client.get("/api/v1/auth/tokens", **_h(their_key)).json()]
    refused = client.delete(f"/api/v1/auth/tokens/{my_token.pk}", **_h(their_key))
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert client.delete("/api/v1/auth/tokens/999999", **_h(their_key)).status_code == 404  # the same answer
    my_token.refresh_from_db()
    assert my_token.revoked_at is None
    assert client.get("/api/v1/me", **_h(my_key)).status_code == 200


def test_the_account_page_lists_and_revokes_my_tokens_only(client, db):
    me, other = UserFactory(), UserFactory()
    _, mine = services.api_token_issue(user=me)
    _, theirs = services.api_token_issue(user=other)
    client.force_login(me)
    page = client.get(reverse("accounts:security"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="token-{mine.pk}"' in html and f"{mine.prefix}…" in html
    assert f'id="token-{theirs.pk}"' not in html
    assert "Đang hiệu lực" in html

    refused = client.post(reverse("accounts:security"), {"action": "token_revoke", "token_id": theirs.pk})
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None

    done = client.post(reverse("accounts:security"), {"action": "token_revoke", "token_id": mine.pk})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    assert "Đã thu hồi" in client.get(reverse("accounts:security")).content.decode()


@pytest.mark.parametrize(("field", "age_days", "kept"), [
    ("expires_at", 31, False), ("expires_at", 29, True), ("revoked_at", 31, False), ("revoked_at", 1, True),
])
def test_the_daily_job_drops_tokens_long_expired_or_revoked(db, field, age_days, kept):
    _, token = services.api_token_issue(user=UserFactory())
    _, fresh = services.api_token_issue(user=UserFactory())
    ApiToken.objects.filter(pk=token.pk).update(**{field: timezone.now() - dt.timedelta(days=age_days)})
    assert services.api_tokens_prune(now=timezone.now()) == (0 if kept else 1)
    assert ApiToken.objects.filter(pk=token.pk).exists() is kept
    assert ApiToken.objects.filter(pk=fresh.pk).exists()
