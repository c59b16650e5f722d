"""Every write to accounts: users, role grants, API tokens, sign-in throttling.

Handing out and taking back roles is declared (core.access.guard): Action.ROLE_GRANT on the unit
or organization of the grant — outside the actor's scope NotFound (404), inside it without the
right PermissionDenied (403). Holding ROLE_GRANT there is not enough to hand out *any* role: which
roles one may give is core.roles.GRANTABLE_ROLES (a commune chair staffs the commune, the Front the
boards, an organization's head the organization), checked in the body through
core.permissions.can_grant_role. What a person does with their own account (API tokens, the
second factor) needs no grant: `open_to`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from danchu.core.access import guard, open_to
from danchu.core.audit import audit
from danchu.core.errors import DomainError, NotFound, PermissionDenied, from_validation_error
from danchu.core.permissions import can_grant_role, forget_grants, is_active_superuser
from danchu.core.roles import ROLE_SCOPES, Action, Role
from danchu.units.models import Organization, Unit

from .backends import normalize_phone
from .models import ApiToken, RoleGrant, User


# --- sign-in ---------------------------------------------------------------------------------
def lockout_minutes() -> int:
    return max(1, -(-settings.LOGIN_LOCKOUT_SECONDS // 60))


def login_locked_error() -> DomainError:
    minutes = lockout_minutes()
    return DomainError(
        "login_locked",
        f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
        message_en=f"Too many failed sign-ins. Try again in {minutes} minutes.",
    )


def login_check(*, request, identifier: str, password: str) -> User:
    """Check a phone/e-mail/username and password through Django's authentication backends: django-axes'
    lockout first (per account and per client behind the trusted proxies, accounts.backends), then the
    password. A wrong password is recorded by axes; a locked-out attempt is refused before the
    password is looked at."""
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise login_locked_error()
        raise DomainError(
            "login_invalid",
            "Số điện thoại/email hoặc mật khẩu không đúng.",
            message_en="Wrong phone/e-mail or password.",
        )
    return user


def login_failures_prune(*, now) -> int:
    """Drop the failed sign-ins older than the cool-off (they no longer count): the daily job."""
    from axes.models import AccessAttempt

    deleted, _ = AccessAttempt.objects.filter(
        attempt_time__lt=now - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)).delete()
    return deleted


# --- users -----------------------------------------------------------------------------------
_OPERATOR_ONLY = "Chỉ người vận hành hệ thống (dòng lệnh) mới tạo được tài khoản quản trị."


@open_to("an account by itself gives no right: every right is a role grant, declared on role_grant and "
         "role_grant_to_person (ROLE_GRANT, which roles: can_grant_role); `actor` is only recorded. The staff "
         "and superuser flags are set only by the system (actor None: the operator's command line, the demo "
         "seed's own account)")
@transaction.atomic
def user_create(
    *,
    actor=None,
    username: str,
    password: str,
    full_name: str = "",
    phone: str | None = None,
    email: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    # Accounts legitimately create the platform's operators, but only as the system: no person's
    # call (not even an operator's) hands out the flags through this service.
    if (is_staff or is_superuser) and actor is not None:
        raise PermissionDenied(_OPERATOR_ONLY, message_en="Only the system creates administrator accounts.")
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        phone=normalize_phone(phone) if phone else None,
        email=(email or "").strip().lower() or None,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as exc:
        raise from_validation_error(exc, "user_invalid") from exc
    user.set_password(password)
    user.save()
    audit(actor=actor, action="accounts.user_create", obj=user)
    return user


# --- role grants -----------------------------------------------------------------------------
def _scope_level(unit: Unit | None, organization: Organization | None) -> str:
    return "organization" if organization is not None else unit.level


_MAY_NOT_GIVE = "Bạn không có quyền giao vai trò này cho đơn vị này."
_MAY_NOT_GIVE_EN = "You may not hand out this role here."


def _require_grantable(actor, role: str, *, unit=None, organization=None, message: str = _MAY_NOT_GIVE) -> None:
    """The finer rule under ROLE_GRANT: may the actor hand out (or take back) this particular role here
    (core.roles.GRANTABLE_ROLES)? A commune chair gives a hamlet head, not a commune chair."""
    if not can_grant_role(actor, role, unit=unit, organization=organization):
        raise PermissionDenied(message, message_en=_MAY_NOT_GIVE_EN)


@guard(Action.ROLE_GRANT, on=("organization", "unit"))
@transaction.atomic
def role_grant(
    *, actor, person: User, role: str, unit: Unit | None = None, organization: Organization | None = None
) -> RoleGrant:
    """Grant `role` to `person` on a unit or organization: ROLE_GRANT there (declared), and a role the
    actor may hand out (GRANTABLE_ROLES, checked here). The grantee is `person`, not `user`: in a
    declared service `user` names the caller (core.access.guard)."""
    if role not in Role.values:
        raise DomainError("role_unknown", "Vai trò không hợp lệ.", message_en="Unknown role.", field="role")
    if (unit is None) == (organization is None):
        raise DomainError("grant_scope_required", "Phải chọn đúng một đơn vị hoặc một cơ quan, tổ chức.",
                          message_en="Choose exactly one unit or one organization.")
    if unit is not None and not unit.is_current:
        raise DomainError("unit_former", "Không thể phân quyền trên đơn vị đã không còn.",
                          message_en="Cannot grant a role on a former unit.", field="unit")
    _require_grantable(actor, role, unit=unit, organization=organization)
    level = _scope_level(unit, organization)
    if level not in ROLE_SCOPES[role]:
        raise DomainError(
            "grant_scope_invalid",
            f"Vai trò “{Role(role).label}” không giao được ở cấp này.",
            message_en="This role cannot be granted at this level.",
            field="unit",
        )
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=person, role=role, unit=unit, organization=organization,
                                             granted_by=actor)
    except IntegrityError as exc:
        raise DomainError("grant_exists", "Người này đã có vai trò này ở đơn vị này.",
                          message_en="This person already holds this role here.") from exc
    scope = unit or organization.unit
    audit(actor=actor, action="accounts.role_grant", obj=grant, unit_path=scope.path, role=role, user_id=person.pk)
    forget_grants(person)
    return grant


@guard(Action.ROLE_GRANT, on="grant")
@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant) -> RoleGrant:
    """Take back a grant (kept on record as revoked): ROLE_GRANT on its unit or organization
    (declared), and a role the actor may hand out there (checked here)."""
    grant = (
        RoleGrant.objects.select_for_update(of=("self",)).select_related("unit", "organization__unit").get(pk=grant.pk)
    )
    _require_grantable(actor, grant.role, unit=grant.unit, organization=grant.organization,
                       message="Bạn không có quyền thu hồi vai trò này.")
    if grant.revoked_at is not None:
        raise DomainError("grant_revoked", "Vai trò này đã được thu hồi trước đó.", message_en="Already revoked.")
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    scope = grant.unit or grant.organization.unit
    audit(actor=actor, action="accounts.role_revoke", obj=grant, unit_path=scope.path, role=grant.role)
    forget_grants(grant.user)
    return grant


# --- API tokens ------------------------------------------------------------------------------
_OWN_ACCOUNT = "the signed-in person's own account: it acts on `user` only, nobody else's"
TOKEN_KEEP_DAYS = 30  # an expired or revoked token stays listed this long, then the daily job drops it


@open_to(_OWN_ACCOUNT + " (a token for the person who has just signed in)")
@transaction.atomic
def api_token_issue(*, user: User) -> tuple[str, ApiToken]:
    """Create a token valid DANCHU_API_TOKEN_DAYS days; return it (shown once: only its hash is
    stored) and its record."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=ApiToken.hash(key), prefix=key[:8],
                                    expires_at=timezone.now() + dt.timedelta(days=settings.DANCHU_API_TOKEN_DAYS))
    audit(actor=user, action="accounts.api_token_create", obj=user)
    return key, token


@open_to(_OWN_ACCOUNT + " (a token for the person who has just signed in)")
def api_token_create(*, user: User) -> str:
    """Create a token and return it once; only its hash is stored."""
    return api_token_issue(user=user)[0]


@open_to(_OWN_ACCOUNT + " (another user's token is not found)")
@transaction.atomic
def api_token_revoke(*, user: User, key: str) -> None:
    """Revoke the caller's own token (sign-out for machines). Another user's token is not found."""
    updated = ApiToken.objects.filter(user=user, key_hash=ApiToken.hash(key), revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise DomainError("token_not_found", "Không tìm thấy token đang hiệu lực.", message_en="No active token.")
    audit(actor=user, action="accounts.api_token_revoke", obj=user)


@open_to(_OWN_ACCOUNT + " (another user's token is not found: 404, as one that does not exist)")
@transaction.atomic
def api_token_revoke_id(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the caller's tokens by its id (the account page, `DELETE /auth/tokens/{id}`)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first() if user.pk else None
    if token is None:
        raise NotFound("Không tìm thấy mã truy cập này.", message_en="No such token.")
    if not token.is_active_at(timezone.now()):
        raise DomainError("token_inactive", "Mã truy cập này đã bị thu hồi hoặc đã hết hạn.",
                          message_en="This token is already revoked or expired.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=user, action="accounts.api_token_revoke", obj=user)
    return token


def api_token_user(*, key: str) -> User | None:
    """The account a bearer token signs in, if the token is neither revoked nor expired."""
    now = timezone.now()
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, expires_at__gt=now).first())
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # cheap, at most every 5 minutes
    return token.user


def api_tokens_prune(*, now) -> int:
    """Drop tokens expired or revoked more than TOKEN_KEEP_DAYS ago: the daily job."""
    from django.db.models import Q

    before = now - dt.timedelta(days=TOKEN_KEEP_DAYS)
    deleted, _ = ApiToken.objects.filter(Q(expires_at__lt=before) | Q(revoked_at__lt=before)).delete()
    return deleted


@guard(Action.ROLE_GRANT, on=("organization", "unit"))
@transaction.atomic
def role_grant_to_person(
    *,
    actor,
    identifier: str,
    role: str,
    unit: Unit | None = None,
    organization: Organization | None = None,
    full_name: str = "",
    password: str = "",
) -> RoleGrant:
    """Grant a role to the person signing in as `identifier`, creating their account if new.

    Officials staff their unit from one form: an existing account is found by phone, e-mail or
    username; otherwise a full name and an initial password create it (phone or e-mail as login).
    """
    from .backends import find_user

    # ROLE_GRANT here is declared; which role, checked first too, so a refused request creates no
    # account either.
    if role in Role.values:
        _require_grantable(actor, role, unit=unit, organization=organization)
    user = find_user(identifier)
    if user is None:
        if not full_name.strip() or not password:
            raise DomainError(
                "user_not_found",
                "Chưa có tài khoản này. Nhập họ tên và mật khẩu ban đầu để tạo tài khoản mới.",
                message_en="No such account. Enter a full name and an initial password to create it.",
                field="identifier",
            )
        ident = identifier.strip()
        phone = normalize_phone(ident) if "@" not in ident else None
        if phone is not None and not (9 <= len(phone) <= 11):
            raise DomainError("phone_invalid", "Số điện thoại không hợp lệ.", message_en="Invalid phone number.",
                              field="identifier")
        user = user_create(
            actor=actor, username=ident if "@" in ident else phone, password=password, full_name=full_name,
            phone=phone, email=ident if "@" in ident else None,
        )
    return role_grant(actor=actor, person=user, role=role, unit=unit, organization=organization)


# --- second factor (TOTP) ----------------------------------------------------------------------
OFFICIAL_ROLES = frozenset(Role.values) - {Role.CITIZEN, Role.HOUSEHOLD_REP}


@open_to(_OWN_ACCOUNT)
def second_factor_enabled(*, user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


@open_to(_OWN_ACCOUNT)
def second_factor_required(*, user) -> bool:
    """Officials must use a second factor when the deployment asks for it (DANCHU_REQUIRE_2FA), and
    so must the platform's operators and staff."""
    if not settings.DANCHU_REQUIRE_2FA or not user.is_authenticated:
        return False
    if is_active_superuser(user) or user.is_staff:
        return True
    return RoleGrant.objects.filter(user=user, revoked_at__isnull=True, role__in=OFFICIAL_ROLES).exists()


@open_to(_OWN_ACCOUNT)
@transaction.atomic
def totp_enrol_start(*, user):
    """A new, unconfirmed authenticator for the user (any earlier unconfirmed one is dropped)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if second_factor_enabled(user=user):
        raise DomainError("otp_already_enabled", "Xác thực hai bước đã được bật.", message_en="2FA is already on.")
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def _clean_token(token: str) -> str:
    token = "".join(ch for ch in (token or "") if ch.isdigit())
    if len(token) != 6:
        raise DomainError("otp_invalid", "Mã xác thực gồm 6 chữ số.", message_en="The code has 6 digits.", field="token")
    return token


@open_to(_OWN_ACCOUNT)
@transaction.atomic
def totp_enrol_confirm(*, user, token: str):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = _clean_token(token)
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise DomainError("otp_no_enrolment", "Chưa bắt đầu cài đặt xác thực hai bước.", message_en="Start set-up first.")
    if not device.verify_token(token):
        raise DomainError("otp_invalid", "Mã xác thực không đúng hoặc đã hết hạn.", message_en="Wrong or expired code.",
                          field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit(actor=user, action="accounts.otp_enable", obj=user)
    return device


@open_to(_OWN_ACCOUNT + " (the second step of their own sign-in)")
def second_factor_check(*, user, token: str):
    """The confirmed device that accepts `token` (django-otp throttles repeated failures per device)."""
    from django_otp import match_token

    device = match_token(user, _clean_token(token))
    if device is None:
        raise DomainError("otp_invalid", "Mã xác thực không đúng hoặc đã hết hạn.", message_en="Wrong or expired code.",
                          field="token")
    return device


@open_to(_OWN_ACCOUNT + " (with a valid code of their own authenticator)")
@transaction.atomic
def totp_disable(*, user, token: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    second_factor_check(user=user, token=token)
    if second_factor_required(user=user):
        raise DomainError("otp_required", "Tài khoản cán bộ bắt buộc dùng xác thực hai bước.",
                          message_en="Officials must keep 2FA on.")
    TOTPDevice.objects.filter(user=user).delete()
    audit(actor=user, action="accounts.otp_disable", obj=user)

