"""Accounts API: bearer tokens, the signed-in user, and staffing a unit (role grants)."""

from ninja import Router, Status
from ninja.pagination import paginate

from danchu.core.errors import DomainError
from danchu.units.api import Pagination, scoped_unit
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut

from .schemas import GrantIn, MeOut, TokenIn, TokenInfoOut, TokenOut, UnitGrantOut
from .selectors import active_grants, api_tokens_of, grant_get_for_user, grant_scope_resolve, grants_in_unit
from .services import (
    api_token_issue,
    api_token_revoke,
    api_token_revoke_id,
    login_check,
    role_grant_to_person,
    role_revoke,
    second_factor_check,
    second_factor_enabled,
    second_factor_required,
)

router = Router(tags=["accounts"])

# Sign-in refusals as HTTP: wrong credentials (or second factor) 401, a paused identifier/address 429,
# an official who must set up two-step sign-in first 403.
_LOGIN_STATUS = {"login_invalid": 401, "login_locked": 429, "otp_invalid": 401, "second_factor_needed": 401,
                 "second_factor_setup_required": 403}


def _second_factor(*, user, otp: str | None) -> None:
    """The same two steps as the sign-in page: a token for an account with an authenticator app
    needs its code; an official who must use one (DANCHU_REQUIRE_2FA) but has none gets no token."""
    if second_factor_enabled(user=user):
        if not otp:
            raise DomainError("second_factor_needed",
                              "Tài khoản này bật xác thực hai bước: gửi thêm mã 6 chữ số trong trường otp.",
                              message_en="Two-step sign-in is on: send the 6-digit code in `otp`.", field="otp")
        second_factor_check(user=user, token=otp)
    elif second_factor_required(user=user):
        raise DomainError("second_factor_setup_required",
                          "Tài khoản cán bộ phải cài đặt xác thực hai bước (trang Bảo mật) trước khi dùng API.",
                          message_en="Officials must set up two-step sign-in (Security page) before using the API.")


@router.post("/auth/token", auth=None,
             response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
             summary="Lấy token truy cập")
def token_create(request, payload: TokenIn):
    """Exchange a phone number, e-mail or username and a password (and, for accounts with
    two-step sign-in, the authenticator code `otp`) for a bearer token.

    The token is shown once (only its hash is stored); send it as `Authorization: Bearer <token>`.
    It expires at `expires_at` (DANCHU_API_TOKEN_DAYS days, 30 by default); after that, or once
    revoked, calls with it answer 401.
    401 "login_invalid" / "second_factor_needed" / "otp_invalid"; 429 "login_locked" after
    repeated wrong passwords; 403 "second_factor_setup_required" for an official who must set
    up two-step sign-in first.
    """
    try:
        user = login_check(request=request, identifier=payload.username, password=payload.password)
        _second_factor(user=user, otp=payload.otp)
    except DomainError as exc:
        if exc.code not in _LOGIN_STATUS:
            raise
        return Status(_LOGIN_STATUS[exc.code], exc.as_dict())
    key, token = api_token_issue(user=user)
    return {"token": key, "token_type": "bearer", "expires_at": token.expires_at}


@router.get("/auth/tokens", response={200: list[TokenInfoOut], 401: ErrorOut}, summary="Các mã truy cập của tôi")
def token_list(request):
    """The caller's own tokens, newest first: the first characters of each (never the token), when it was
    issued, last used (to within a few minutes) and expires, and whether it was revoked. Expired and
    revoked tokens stay listed for a while."""
    return list(api_tokens_of(user=request.auth))


@router.delete("/auth/tokens/{token_id}", response={204: None, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
               summary="Thu hồi một mã truy cập")
def token_revoke_one(request, token_id: int):
    """Revoke one of the caller's own tokens. Another person's token answers 404, as one that does not
    exist; a token already revoked or expired, 400 "token_inactive"."""
    api_token_revoke_id(user=request.auth, token_id=token_id)
    return Status(204, None)


@router.delete("/auth/token", response={204: None, 400: ErrorOut, 401: ErrorOut},
               summary="Thu hồi token đang dùng")
def token_revoke(request):
    """Revoke the bearer token this request was made with (machines' sign-out)."""
    key = request.headers.get("Authorization", "").partition(" ")[2].strip()
    api_token_revoke(user=request.auth, key=key)
    return Status(204, None)


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Tài khoản đang đăng nhập")
def me(request):
    """The signed-in account and the roles it holds (on units or organizations)."""
    user = request.auth
    user.api_grants = list(active_grants(user=user))
    return user


@router.get("/units/{code}/grants", response={200: list[UnitGrantOut], **PRIVATE_ERRORS}, summary="Phân quyền trong đơn vị")
@paginate(Pagination)
def unit_grants(request, code: str):
    """Who holds which role in this unit, its subtree and its organizations (needs the right to grant
    roles there: 404 outside the caller's scope, 403 inside it without the right)."""
    return grants_in_unit(user=request.auth, unit=scoped_unit(code=code))


@router.post("/units/{code}/grants", response={201: UnitGrantOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Giao vai trò")
def unit_grant_create(request, code: str, payload: GrantIn):
    """Give a role in this unit (or a unit or organization below it), creating the account if new.

    400 with a stable code when the rules refuse: "user_not_found" (new person: send full_name
    and password), "grant_exists", "grant_scope_invalid", "phone_invalid"; 404 outside the caller's
    scope; 403 inside it without the right to grant roles, or for a role the caller may not hand out.
    """
    unit = scoped_unit(code=code)
    role_grant_to_person.authorize(actor=request.auth, unit=unit)
    scope = f"o:{payload.organization_id}" if payload.organization_id is not None else f"u:{payload.scope_code or code}"
    target_unit, organization = grant_scope_resolve(value=scope, unit=unit)
    grant = role_grant_to_person(
        actor=request.auth,
        identifier=payload.identifier,
        role=payload.role.value,
        unit=target_unit,
        organization=organization,
        full_name=payload.full_name,
        password=payload.password,
    )
    return Status(201, grant)


@router.delete("/grants/{grant_id}", response={204: None, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Thu hồi vai trò")
def grant_revoke(request, grant_id: int):
    """Revoke a grant (kept on record as revoked). A grant outside the caller's scope answers 404, as
    one that does not exist; inside it, 403 without the right to grant roles or for a role the caller
    may not hand out."""
    grant = grant_get_for_user(user=request.auth, grant_id=grant_id)
    role_revoke(actor=request.auth, grant=grant)
    return Status(204, None)
