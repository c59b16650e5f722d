"""Sign-in lockout behind the reverse proxy (django-axes, accounts.backends): per account, per client.

Every request below comes from the proxy's own address (REMOTE_ADDR), as behind nginx; the client is
in X-Forwarded-For. Ten wrong passwords for one account must lock that account — on the sign-in
page, the API token and the Django admin's login alike — and nobody else.
"""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from danchu.accounts import services
from danchu.accounts.backends import lockout_username
from danchu.accounts.tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"
LOGIN = "/tai-khoan/dang-nhap/"
ADMIN_LOGIN = "/admin/login/"


def _from(client_ip: str | None) -> dict:
    meta = {"REMOTE_ADDR": PROXY}
    if client_ip:
        meta["HTTP_X_FORWARDED_FOR"] = client_ip
    return meta


def _sign_in(client, identifier, password, client_ip=None, proxy=PROXY):
    meta = {**_from(client_ip), "REMOTE_ADDR": proxy}
    return client.post(LOGIN, {"identifier": identifier, "password": password}, **meta)


def _admin_sign_in(client, username, password, client_ip=None):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       **_from(client_ip))


@pytest.fixture
def behind_proxy(settings):
    settings.DANCHU_TRUSTED_PROXIES = 1
    settings.LOGIN_MAX_FAILURES = 10
    settings.LOGIN_CLIENT_MAX_FAILURES = 50
    return settings


@pytest.mark.parametrize("client_limit", [10, 50])
def test_ten_failures_for_one_account_behind_the_proxy_do_not_stop_another(client, db, behind_proxy, client_limit):
    """Even with the per-client limit as tight as the account's (10), the proxy is never the client."""
    behind_proxy.LOGIN_CLIENT_MAX_FAILURES = client_limit
    a = UserFactory(username="can_bo_a")
    UserFactory(username="can_bo_b")
    for _ in range(9):
        assert _sign_in(client, "can_bo_a", "doan-sai", "203.0.113.5").status_code == 400
    assert _sign_in(client, "can_bo_a", "doan-sai", "203.0.113.5").status_code == 429  # the tenth locks A

    # B signs in through the same proxy from another client — and, below the per-client limit, from the
    # guesser's own address too (a shared office connection).
    for who in ("198.51.100.7", "203.0.113.5") if client_limit > 10 else ("198.51.100.7",):
        response = _sign_in(client, "can_bo_b", PASSWORD, who)
        assert response.status_code == 302, who
        assert response["Location"] == reverse("accounts:workspace")
        client.post(reverse("accounts:logout"), **_from(who))

    # A is locked from every client, the right password included, for the cool-off.
    locked = _sign_in(client, "can_bo_a", PASSWORD, "192.0.2.44")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # What was counted: A's account, at the client's address — never the proxy's.
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {("can_bo_a", "203.0.113.5")}
    assert a.pk  # the account itself is untouched (still active, same password)
    a.refresh_from_db()
    assert a.is_active and a.check_password(PASSWORD)


def test_every_spelling_of_a_phone_counts_for_the_one_account(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 3
    UserFactory(username="chi_tran", phone="0912345678")
    for typed in ("0912345678", "+84 912 345 678", "0912.345.678"):
        _sign_in(client, typed, "sai", "203.0.113.9")
    assert _sign_in(client, "chi_tran", PASSWORD, "198.51.100.1").status_code == 429
    assert lockout_username(None, {"username": "+84 912 345 678"}) == "chi_tran"
    assert lockout_username(None, {"username": " Khong.Co@Example.vn "}) == "khong.co@example.vn"


def test_ten_failures_at_the_admin_login_lock_the_account_there_and_on_the_site(client, db, behind_proxy):
    staff = UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    UserFactory(username="nguoi_khac", is_staff=True)
    for _ in range(9):
        assert _admin_sign_in(client, "quan_tri", "doan-sai", "203.0.113.5").status_code == 200  # the form again
    tenth = _admin_sign_in(client, "quan_tri", "doan-sai", "203.0.113.5")
    assert tenth.status_code == 429
    assert "Tạm khóa đăng nhập" in tenth.content.decode()

    refused = _admin_sign_in(client, "quan_tri", PASSWORD, "198.51.100.7")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, "quan_tri", PASSWORD, "198.51.100.7").status_code == 429  # the same count

    other = _admin_sign_in(client, "nguoi_khac", PASSWORD, "203.0.113.5")  # another account: not locked
    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(UserFactory._meta.model.objects.get(username="nguoi_khac").pk)
    assert staff.pk


def test_failures_on_the_site_lock_the_admin_login_too(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 3
    UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    for _ in range(3):
        _sign_in(client, "quan_tri", "sai", "203.0.113.5")
    assert _admin_sign_in(client, "quan_tri", PASSWORD, "198.51.100.7").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_x_forwarded_for_is_ignored_without_trusted_proxies(client, db, settings):
    """DANCHU_TRUSTED_PROXIES=0: the header is the client's own text; the client is REMOTE_ADDR. A
    guesser rotating forged addresses over many accounts is one client and is stopped."""
    settings.DANCHU_TRUSTED_PROXIES = 0
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_CLIENT_MAX_FAILURES = 5
    for i in range(6):
        UserFactory(username=f"tai_khoan_{i}")
    for i in range(5):
        _sign_in(client, f"tai_khoan_{i}", "sai", f"198.51.100.{i + 1}", proxy="203.0.113.66")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    blocked = _sign_in(client, "tai_khoan_5", PASSWORD, "192.0.2.200", proxy="203.0.113.66")
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another real client is not concerned.
    assert _sign_in(client, "tai_khoan_5", PASSWORD, "192.0.2.200", proxy="203.0.113.67").status_code == 302


def test_one_client_trying_many_accounts_is_stopped_at_the_client_limit(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 3
    behind_proxy.LOGIN_CLIENT_MAX_FAILURES = 6
    for i in range(7):
        UserFactory(username=f"tai_khoan_{i}")
    for i in range(5):  # one failure each on five accounts: no account near its limit, the client at 5 of 6
        assert _sign_in(client, f"tai_khoan_{i}", "sai", "203.0.113.5").status_code == 400
    assert _sign_in(client, "tai_khoan_5", "sai", "203.0.113.5").status_code == 429  # the sixth: stopped
    assert _sign_in(client, "tai_khoan_6", PASSWORD, "203.0.113.5").status_code == 429
    assert _sign_in(client, "tai_khoan_6", PASSWORD, "198.51.100.7").status_code == 302  # another client


def test_the_lockout_page_is_vietnamese_with_retry_after(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 2
    UserFactory(username="chitran")
    _sign_in(client, "chitran", "sai", "203.0.113.5")
    page = _sign_in(client, "chitran", "sai", "203.0.113.5")
    assert page.status_code == 429
    assert page["Retry-After"] == str(behind_proxy.LOGIN_LOCKOUT_SECONDS)
    html = page.content.decode()
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút." in html
    assert "chitran" not in html  # the lock does not echo the account


def test_the_api_token_is_locked_with_the_account_as_json_429(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 2
    UserFactory(username="may_chu")
    for _ in range(2):
        client.post("/api/v1/auth/token", {"username": "may_chu", "password": "sai"}, content_type="application/json",
                    **_from("203.0.113.5"))
    response = client.post("/api/v1/auth/token", {"username": "may_chu", "password": PASSWORD},
                           content_type="application/json", **_from("198.51.100.7"))
    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"
    assert response.json()["message"].startswith("Đăng nhập sai quá nhiều lần")
    assert "token" not in response.json()


def test_the_lock_ends_after_the_cool_off(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 2
    UserFactory(username="chitran")
    for _ in range(2):
        _sign_in(client, "chitran", "sai", "203.0.113.5")
    assert _sign_in(client, "chitran", PASSWORD, "203.0.113.5").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(
        seconds=behind_proxy.LOGIN_LOCKOUT_SECONDS + 1))
    assert _sign_in(client, "chitran", PASSWORD, "203.0.113.5").status_code == 302


def test_an_operator_unlocks_an_account_with_axes_reset_username(client, db, behind_proxy):
    behind_proxy.LOGIN_MAX_FAILURES = 2
    UserFactory(username="can_bo_xa", phone="0987000111")
    for _ in range(2):
        _sign_in(client, "0987000111", "sai", "203.0.113.5")
    assert _sign_in(client, "can_bo_xa", PASSWORD, "203.0.113.5").status_code == 429
    call_command("axes_reset_username", "can_bo_xa", verbosity=0)  # `danchu axes_reset_username can_bo_xa`
    assert _sign_in(client, "can_bo_xa", PASSWORD, "203.0.113.5").status_code == 302


def test_a_locked_account_with_two_step_sign_in_never_reaches_the_code(client, db, behind_proxy):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    behind_proxy.LOGIN_MAX_FAILURES = 2
    user = UserFactory(username="can_bo_2fa")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    for _ in range(2):
        _sign_in(client, "can_bo_2fa", "sai", "203.0.113.5")
    response = _sign_in(client, "can_bo_2fa", PASSWORD, "203.0.113.5")
    assert response.status_code == 429
    assert "danchu_pending_2fa" not in client.session


def test_a_sign_in_without_a_request_is_refused_for_a_locked_account(client, db, behind_proxy):
    """A script's authenticate() (no request): not counted, but a locked account stays locked."""
    from django.contrib.auth import authenticate

    behind_proxy.LOGIN_MAX_FAILURES = 2
    UserFactory(username="chitran")
    assert authenticate(username="chitran", password=PASSWORD) is not None
    for _ in range(2):
        _sign_in(client, "chitran", "sai", "203.0.113.5")
    assert authenticate(username="chitran", password=PASSWORD) is None


def test_old_failures_are_pruned_by_the_daily_job(client, db, behind_proxy):
    UserFactory(username="chitran")
    _sign_in(client, "chitran", "sai", "203.0.113.5")
    _sign_in(client, "khac", "sai", "203.0.113.6")
    AccessAttempt.objects.filter(ip_address="203.0.113.5").update(
        attempt_time=timezone.now() - timezone.timedelta(seconds=behind_proxy.LOGIN_LOCKOUT_SECONDS + 60))
    assert services.login_failures_prune(now=timezone.now()) == 1
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.6"]
