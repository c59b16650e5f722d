"""The one permission helper every service and view uses.

    can(user, action, unit=..., organization=...)  -> bool
    require(user, action, unit=..., organization=...)  (raises PermissionDenied)
    unit_scope_q(user, action)  -> Q over Unit rows the user may act on (`path__under`, the
                                   materialized-path subtree: one indexed query, core/lookups.py)

A grant on a unit reaches that unit and everything below it (path prefix); a grant on an
organization reaches that organization only. Grants are read once per user object and
kept on it, so a page that checks many rows does one query for the grants.

Core sits below `units` and `accounts`: it reads grants through the user's reverse
relation `role_grants` and units through their `path` attribute, without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .errors import PermissionDenied
from .roles import GRANTABLE_ROLES, ROLE_ACTIONS

_CACHE_ATTR = "_danchu_grants"


@dataclass(frozen=True)
class GrantView:
    role: str
    unit_path: str | None
    organization_id: int | None


def grants_of(user) -> list[GrantView]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = user.role_grants.filter(revoked_at__isnull=True).values_list(
            "role", "unit__path", "organization_id", "organization__unit__path"
        )
        cached = [GrantView(role, unit_path, org_id) for role, unit_path, org_id, _ in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    """Call after a grant of this user changed within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _covers(grant: GrantView, unit_path: str | None, organization) -> bool:
    if organization is not None:
        if grant.organization_id is not None:
            return grant.organization_id == organization.pk
        return grant.unit_path is not None and organization.unit.path.startswith(grant.unit_path)
    if unit_path is None or grant.unit_path is None:
        return False
    return unit_path.startswith(grant.unit_path)


def roles_for(user, *, unit=None, organization=None) -> set[str]:
    """The roles the user holds over this unit (by inheritance) or organization."""
    if user is not None and getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return {"admin"}
    path = getattr(unit, "path", None)
    return {g.role for g in grants_of(user) if _covers(g, path, organization)}


def can(user, action: str, *, unit=None, organization=None) -> bool:
    if user is None or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(action in ROLE_ACTIONS.get(role, ()) for role in roles_for(user, unit=unit, organization=organization))


def require(user, action: str, *, unit=None, organization=None) -> None:
    if not can(user, action, unit=unit, organization=organization):
        raise PermissionDenied()


def can_grant_role(user, role: str, *, unit=None, organization=None) -> bool:
    """May `user` hand out `role` on this unit/organization? Only inside their own scope."""
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(role in GRANTABLE_ROLES.get(r, ()) for r in roles_for(user, unit=unit, organization=organization))


def scope_paths(user, action: str) -> list[str] | None:
    """Unit paths under which `action` is allowed; None means everywhere (superuser)."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return None
    paths = sorted({g.unit_path for g in grants_of(user) if g.unit_path and action in ROLE_ACTIONS.get(g.role, ())})
    # Drop paths already covered by a shorter one, so the OR has as few terms as possible.
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def unit_scope_q(user, action: str, field: str = "path") -> Q:
    """Q that keeps only rows whose unit path lies under a grant allowing `action`."""
    paths = scope_paths(user, action)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__under": p})
    return q
