import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from danchu.core.calendar import missing_schedule_year
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.labels import choices
from danchu.core.permissions import can, roles_for
from danchu.core.registry import WORKSPACE_LINKS
from danchu.core.roles import GRANTABLE_ROLES, Role
from danchu.units.selectors import unit_get

from . import services
from .forms import GrantForm, LoginForm, OtpForm
from .selectors import (
    active_grants,
    api_tokens_of,
    grant_get_for_user,
    grant_scope_choices,
    grant_scope_resolve,
    grants_in_unit,
    own_places,
    totp_pending_device,
    user_for_pending_login,
)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: what a locked-out sign-in gets (the sign-in page, the Django admin's login,
    the API token) — 429 Too Many Requests (RFC 6585 §4) with Retry-After, in Vietnamese first; JSON
    {code: "login_locked", …} under /api/."""
    exc = services.login_locked_error()
    if request.path.startswith("/api/"):
        response = JsonResponse(exc.as_dict(), status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "accounts/locked.html",
                          {"minutes": services.lockout_minutes(), "message": exc.message}, status=429)
    response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
    return response


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(
                request=request,
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if services.second_factor_enabled(user=user):
                # Password accepted; the session is opened only after the second factor.
                request.session[PENDING_KEY] = {"user": user.pk, "at": time.time(), "next": next_url}
                return redirect("accounts:login_otp")
            login(request, user)
            return _after_login(request, next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=400 if form.errors else 200)


PENDING_KEY = "danchu_pending_2fa"
PENDING_SECONDS = 300


def _after_login(request, next_url: str):
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(next_url)
    return redirect("accounts:workspace")


@require_http_methods(["GET", "POST"])
def login_otp(request):
    """Second step of sign-in for accounts with an authenticator app."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.")
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_for_pending_login(user_id=pending["user"])
        try:
            device = services.second_factor_check(user=user, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            del request.session[PENDING_KEY]
            login(request, user, backend="danchu.accounts.backends.PhoneEmailUsernameBackend")
            otp_login(request, device)
            return _after_login(request, pending.get("next", ""))
    return render(request, "accounts/login_otp.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """Set up, verify or turn off the second factor (TOTP authenticator app)."""
    user = request.user
    enabled = services.second_factor_enabled(user=user)
    form = OtpForm(request.POST or None)
    device = None
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action == "start":
                device = services.totp_enrol_start(user=user)
            elif action == "confirm" and form.is_valid():
                device = services.totp_enrol_confirm(user=user, token=form.cleaned_data["token"])
                otp_login(request, device)
                messages.success(request, "Đã bật xác thực hai bước.")
                return redirect("accounts:security")
            elif action == "verify" and form.is_valid():
                otp_login(request, services.second_factor_check(user=user, token=form.cleaned_data["token"]))
                messages.success(request, "Đã xác thực.")
                return redirect("accounts:workspace")
            elif action == "disable" and form.is_valid():
                services.totp_disable(user=user, token=form.cleaned_data["token"])
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("accounts:security")
            elif action == "token_revoke":
                token_id = request.POST.get("token_id", "")
                services.api_token_revoke_id(user=user, token_id=int(token_id) if token_id.isdigit() else 0)
                messages.success(request, _("Đã thu hồi mã truy cập API."))
                return redirect("accounts:security")
        except NotFound:
            raise  # another person's token: 404, as one that does not exist
        except DomainError as exc:
            form.add_error("token" if exc.field == "token" else None, exc.message)
    pending_device = device or totp_pending_device(user=user)
    context = {
        "enabled": enabled,
        "verified": user.is_verified(),
        "required": services.second_factor_required(user=user),
        "form": form,
        "pending": pending_device if not enabled else None,
        "qr_svg": _qr_data_uri(pending_device.config_url) if pending_device and not enabled else "",
        "secret": b32encode(pending_device.bin_key).decode() if pending_device and not enabled else "",
        "tokens": list(api_tokens_of(user=user)),
        "now": timezone.now(),
        "token_days": settings.DANCHU_API_TOKEN_DAYS,
    }
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("home")


def _links_for(user, grant) -> list[tuple[str, str]]:
    """The pages a grant opens on its unit or organization, as the apps announced them (core.registry)."""
    if grant.organization_id:
        org = grant.organization
        return [(link.label, reverse(link.url_name, args=[org.pk])) for link in WORKSPACE_LINKS
                if link.organization and can(user, link.action, organization=org)]
    unit = grant.unit
    if unit is None:
        return []
    links = [(_("Trang công khai"), reverse("units:home", args=[unit.code]))]
    links += [
        (link.label, reverse(link.url_name, args=[unit.code]))
        for link in WORKSPACE_LINKS
        if not link.organization and can(user, link.action, unit=unit)
    ]
    return links


@login_required
def workspace(request):
    grants = list(active_grants(user=request.user))
    rows = [
        {"grant": g, "scope": g.unit or g.organization, "links": _links_for(request.user, g)}
        for g in grants
    ]
    # Officers compute deadlines: warn them from 1 December while next year's swaps are not in.
    missing_year = missing_schedule_year() if grants or request.user.is_superuser else None
    return render(request, "accounts/workspace.html", {"rows": rows, "own": _own_links(request.user, grants),
                                                       "calendar_missing_year": missing_year})


def _own_links(user, grants) -> list[tuple[str, str]]:
    """What every signed-in person does for themselves, whatever their roles: follow their own cases, their
    commune's and hamlet's public pages, and their household's votes when they represent one."""
    places = own_places(user=user)
    links = [(_("Phản ánh, kiến nghị, khiếu nại, tố cáo của tôi"), reverse("cases:mine"))]
    if places["commune"] is not None:
        links.append((_("Trang công khai của %(unit)s") % {"unit": places["commune"].name},
                      reverse("units:home", args=[places["commune"].code])))
        links.append((_("Trang công khai của %(unit)s") % {"unit": places["hamlet"].name},
                      reverse("units:home", args=[places["hamlet"].code])))
    if places["represents"] or any(g.role == Role.HOUSEHOLD_REP for g in grants):
        links.insert(0, (_("Biểu quyết của hộ gia đình"), reverse("decisions:my")))
    return links


@login_required
@require_http_methods(["GET", "POST"])
def grants_page(request, code: str):
    """Who holds which role in the unit, and the form to give one: ROLE_GRANT on the unit (404 outside
    the caller's scope, 403 inside it without the right — core.middleware.AccessErrorMiddleware)."""
    unit = unit_get(code=code)
    grants = list(grants_in_unit(user=request.user, unit=unit))
    services.role_grant_to_person.authorize(actor=request.user, unit=unit)  # the page holds the form
    grantable = set()  # the roles offered: what to show (the service checks the one chosen)
    for r in roles_for(request.user, unit=unit):
        grantable |= set(GRANTABLE_ROLES.get(r, ()))
    form = GrantForm(request.POST or None)
    form.fields["role"].choices = choices((r.value, r.label) for r in Role if r.value in grantable)
    form.fields["scope"].choices = grant_scope_choices(unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                target_unit, org = grant_scope_resolve(value=form.cleaned_data["scope"], unit=unit)
                grant = services.role_grant_to_person(
                    actor=request.user,
                    identifier=form.cleaned_data["identifier"],
                    role=form.cleaned_data["role"],
                    unit=target_unit,
                    organization=org,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password"],
                )
            except (NotFound, PermissionDenied):
                raise  # a refusal is a 404 / 403 page, never a form error
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Đã giao vai trò “{grant.get_role_display()}” cho {grant.user.display_name}.")
                return redirect("accounts:grants", code=unit.code)
        status = 400
    return render(request, "accounts/grants.html", {"unit": unit, "grants": grants, "form": form}, status=status)


@login_required
@require_POST
def grant_revoke(request, grant_id: int):
    grant = grant_get_for_user(user=request.user, grant_id=grant_id)  # 404 / 403 outside the rule
    services.role_revoke.authorize(actor=request.user, grant=grant)
    scope_unit = grant.unit or grant.organization.unit
    try:
        services.role_revoke(actor=request.user, grant=grant)
    except (NotFound, PermissionDenied):
        raise  # a role the actor may not take back: 403, not a message
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã thu hồi vai trò.")
    # Back to the page of the unit the official manages (the commune), not the hamlet.
    back = request.POST.get("unit") or scope_unit.code
    return redirect("accounts:grants", code=back)
