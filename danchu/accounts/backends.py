"""Signing in: by phone, e-mail or username (PhoneEmailUsernameBackend), behind django-axes' lockout.

The lockout (settings: AXES_*) counts wrong passwords in axes' AccessAttempt table — shared by every
web process — per account and per client, each against its own limit:

- per account: LOGIN_MAX_FAILURES (10) failures lock the account, from every client, for the cool-off
  (LOGIN_LOCKOUT_SECONDS). The account is found from what was typed (`lockout_username`): "+84 912…",
  "0912…" and the account's username are one account, and ten failures for it never touch another;
- per client (core.clients.client_address, behind the trusted proxies): LOGIN_CLIENT_MAX_FAILURES (50)
  failures over any accounts stop that client — one address cannot try many accounts.

An operator unlocks an account with `danchu axes_reset_username <tên đăng nhập>` (docs/deploy.md).
"""

import datetime as dt

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, Sum
from django.http import HttpRequest

from .models import User


def normalize_phone(value: str) -> str:
    """"+84 912 345 678" / "0912.345.678" → "0912345678" (Vietnamese numbers stored with a leading 0)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    q = Q(username__iexact=identifier)
    if "@" in identifier:
        q |= Q(email__iexact=identifier)
    phone = normalize_phone(identifier)
    if len(phone) >= 9 and phone.isdigit():
        q |= Q(phone=phone)
    return User.objects.filter(q).order_by("id").first()


class PhoneEmailUsernameBackend(ModelBackend):
    """Sign in with a phone number, an e-mail address or a username, and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same cost as a real check: do not reveal which accounts exist
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


# --- lockout (django-axes) ---------------------------------------------------------------------------


class LockoutBackend(AxesStandaloneBackend):
    """axes' check, first of AUTHENTICATION_BACKENDS: a locked-out account or client is refused before
    its password is looked at. A call made without a request (a script, the test client's `login`) is
    still refused for a locked account; only sign-ins over HTTP are counted as failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(request if request is not None else HttpRequest(), username=username,
                                    password=password, **kwargs)


def lockout_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the key of the account an attempt was for — its username when the typed
    phone, e-mail or username names an account, else what was typed, normalised (so that guesses at an
    unknown identifier are counted too, and `axes_reset_username` takes the account's username)."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        data = getattr(request, "POST", {}) or {}
        typed = data.get("username") or data.get("identifier")
    typed = (typed or "").strip()
    if not typed:
        return None
    user = find_user(typed)
    if user is not None:
        return user.username
    phone = normalize_phone(typed)
    return (phone if len(phone) >= 9 and "@" not in typed else typed.lower())[:150]


def lockout_cool_off(request=None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long failures count and a lock lasts."""
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: the account's limit. The per-client limit is scaled onto it by LockoutHandler."""
    return settings.LOGIN_MAX_FAILURES


def _parameter_limit(parameter) -> int:
    if parameter == "ip_address":
        return settings.LOGIN_CLIENT_MAX_FAILURES
    return settings.LOGIN_MAX_FAILURES


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per lockout parameter.

    axes compares the largest failure count over AXES_LOCKOUT_PARAMETERS with a single
    AXES_FAILURE_LIMIT. Each parameter's count is scaled here so that reaching its own limit is reaching
    that single one: per account (`username`) LOGIN_MAX_FAILURES, per client (`ip_address`)
    LOGIN_CLIENT_MAX_FAILURES."""

    def get_failures(self, request, credentials=None) -> int:
        account_limit = max(1, settings.LOGIN_MAX_FAILURES)
        worst = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            own = max(1, _parameter_limit(parameter))
            # count >= own  ⇔  count * account_limit // own >= account_limit
            worst = max(worst, count * account_limit // own)
        return worst
