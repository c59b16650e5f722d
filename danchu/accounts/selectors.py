from django.db.models import QuerySet

from danchu.core.permissions import require
from danchu.core.roles import Action
from danchu.units.models import Unit

from .models import RoleGrant


def active_grants(*, user) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("unit", "unit__parent", "organization", "organization__unit")
        .order_by("unit__path", "organization__name", "role")
    )


def grants_in_unit(*, user, unit: Unit) -> QuerySet[RoleGrant]:
    """Active grants on this unit, its subtree and its organizations, for someone who may grant here."""
    require(user, Action.ROLE_GRANT, unit=unit)
    return (
        RoleGrant.objects.filter(revoked_at__isnull=True)
        .filter(unit__path__startswith=unit.path)
        .select_related("user", "unit", "granted_by")
        .order_by("unit__path", "role", "user__full_name")
    ) | (
        RoleGrant.objects.filter(revoked_at__isnull=True, organization__unit__path__startswith=unit.path)
        .select_related("user", "organization", "granted_by")
    )
