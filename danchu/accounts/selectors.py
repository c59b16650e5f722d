"""Reads of accounts. Who holds which role in a unit is not public: those reads declare their
rule (core.access.guard, Action.ROLE_GRANT) — 404 outside the caller's scope, 403 inside it
without the right. A person's own grants and authenticator are their own account."""

from django.db.models import QuerySet

from danchu.core.access import fetch, guard
from danchu.core.roles import Action
from danchu.units.models import Unit

from .models import RoleGrant


def active_grants(*, user) -> QuerySet[RoleGrant]:
    """The signed-in person's own grants in force (their workspace, `GET /me`)."""
    return (
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("unit", "unit__parent", "organization", "organization__unit")
        .order_by("unit__path", "organization__name", "role")
    )


@guard(Action.ROLE_GRANT, on="unit")
def grants_in_unit(*, user, unit: Unit) -> QuerySet[RoleGrant]:
    """Active grants on this unit, its subtree and its organizations, for someone who may grant here."""
    return (
        RoleGrant.objects.filter(revoked_at__isnull=True)
        .filter(unit__path__under=unit.path)
        .select_related("user", "unit", "granted_by")
        .order_by("unit__path", "role", "user__full_name")
    ) | (
        RoleGrant.objects.filter(revoked_at__isnull=True, organization__unit__path__under=unit.path)
        .select_related("user", "organization", "granted_by")
    )


@guard(Action.ROLE_GRANT, on=fetch(RoleGrant, "grant_id"))
def grant_get_for_user(*, user, grant_id: int) -> RoleGrant:
    """A grant on a unit or organization where the user may grant roles (whether they may take back
    this particular role is role_revoke's finer rule)."""
    from danchu.core.errors import NotFound

    grant = (
        RoleGrant.objects.select_related("user", "unit", "organization__unit").filter(pk=grant_id).first()
    )
    if grant is None:
        raise NotFound()
    return grant


def grant_scope_choices(*, unit: Unit) -> list[tuple[str, str]]:
    """Where a role can be granted from this unit's page: the unit, its current hamlets, its organizations."""
    from danchu.units.models import Organization
    from danchu.units.selectors import unit_children

    choices = [(f"u:{unit.code}", unit.name)]
    choices += [(f"u:{h.code}", f"— {h.name}") for h in unit_children(unit=unit)]
    choices += [(f"o:{o.pk}", f"{o.name} (cơ quan, tổ chức)") for o in Organization.objects.filter(unit=unit)]
    return choices


def grant_scope_resolve(*, value: str, unit: Unit):
    """Turn a scope choice ("u:<code>" or "o:<id>") into (unit, organization) inside `unit`'s subtree."""
    from danchu.core.errors import DomainError
    from danchu.units.models import Organization

    kind, _, ident = value.partition(":")
    if kind == "u":
        target = Unit.objects.filter(code=ident, path__under=unit.path).first()
        if target:
            return target, None
    elif kind == "o" and ident.isdigit():
        org = Organization.objects.filter(pk=int(ident), unit__path__under=unit.path).first()
        if org:
            return None, org
    raise DomainError("grant_scope_invalid", "Đơn vị hoặc cơ quan được chọn không thuộc phạm vi của bạn.",
                      message_en="The chosen unit or organization is outside your scope.", field="scope")


def totp_pending_device(*, user):
    """The authenticator being set up (not yet confirmed), if any."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def user_for_pending_login(*, user_id: int):
    from .models import User

    return User.objects.get(pk=user_id, is_active=True)


def api_tokens_of(*, user) -> QuerySet:
    """The person's own API tokens, newest first (in force, and those expired or revoked in the last
    days until the daily job drops them): never another person's."""
    from .models import ApiToken

    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def own_places(*, user) -> dict:
    """Where the signed-in person lives, from their own register entry (their workspace): the hamlet,
    the commune, and whether they represent a household (who votes for it, Law 10/2022 Art. 17)."""
    resident = getattr(user, "resident", None)
    if resident is None or resident.household.left_on is not None:
        return {"hamlet": None, "commune": None, "represents": False}
    hamlet = resident.household.hamlet
    return {"hamlet": hamlet, "commune": hamlet.parent,
            "represents": resident.represented_households.filter(left_on__isnull=True).exists()}
