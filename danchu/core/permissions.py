"""The one permission helper every service and view uses.

    can(user, action, unit=..., organization=...)  -> bool
    require(user, action, unit=..., organization=...)  (raises PermissionDenied)
    unit_scope_q(user, action)  -> Q over Unit rows the user may act on (`path__under`, the
                                   materialized-path subtree: one indexed query, core/lookups.py)

A grant on a unit reaches that unit and everything below it (path prefix); a grant on an
organization reaches that organization only, and an organization is reached by grants on it (a
unit's grants reach it only for UNIT_REACHES_ORGANIZATION). Services do not call these directly:
they declare their rule with core.access.guard; pages use `can` to decide what to show. Grants are read once per user object and
kept on it, so a page that checks many rows does one query for the grants.

Core sits below `units` and `accounts`: it reads grants through the user's reverse
relation `role_grants` and units through their `path` attribute, without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .errors import PermissionDenied
from .roles import GRANTABLE_ROLES, ROLE_ACTIONS, UNIT_REACHES_ORGANIZATION, Action

_CACHE_ATTR = "_danchu_grants"


@dataclass(frozen=True)
class GrantView:
    role: str
    unit_path: str | None
    organization_id: int | None


def is_active_superuser(user) -> bool:
    """The platform's operators: the only place a superuser is special."""
    return bool(user is not None and getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def grants_of(user) -> list[GrantView]:
    """The user's grants in force: none for an anonymous or deactivated account, none revoked."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = user.role_grants.filter(revoked_at__isnull=True).values_list("role", "unit__path", "organization_id")
        cached = [GrantView(role, unit_path, org_id) for role, unit_path, org_id in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    """Call after a grant of this user changed within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _unit_covers(grant: GrantView, unit_path: str | None) -> bool:
    return unit_path is not None and grant.unit_path is not None and unit_path.startswith(grant.unit_path)


def _covers(grant: GrantView, unit_path: str | None, organization, action: str | None = None) -> bool:
    """Does `grant` reach the target? An organization is reached by a grant on it; a grant on a unit
    reaches the organizations under it only for the actions of UNIT_REACHES_ORGANIZATION."""
    if organization is not None:
        if grant.organization_id is not None:
            return grant.organization_id == organization.pk
        return action in UNIT_REACHES_ORGANIZATION and _unit_covers(grant, organization.unit.path)
    return grant.organization_id is None and _unit_covers(grant, unit_path)


def acting_grants(user, target, actions) -> list[tuple[GrantView, bool]]:
    """The user's grants that reach `target` (a core.access.Target), each with whether its role
    allows one of `actions` there."""
    path = getattr(target.unit, "path", None)
    out = []
    for g in grants_of(user):
        allowed_here = [a for a in actions if _covers(g, path, target.organization, a)]
        reach = allowed_here or _covers(g, path, target.organization)
        if reach:
            out.append((g, any(a in ROLE_ACTIONS.get(g.role, ()) for a in allowed_here)))
    return out


def roles_for(user, *, unit=None, organization=None, action: str | None = None) -> set[str]:
    """The roles the user holds over this unit (by inheritance) or organization."""
    if is_active_superuser(user):
        return {"admin"}
    path = getattr(unit, "path", None)
    return {g.role for g in grants_of(user) if _covers(g, path, organization, action)}


def can(user, action: str, *, unit=None, organization=None) -> bool:
    """May `user` take `action` here? The same reach rules as core.access's declarations."""
    if is_active_superuser(user):
        return True
    if unit is None and organization is None:
        return False
    return any(action in ROLE_ACTIONS.get(g.role, ()) for g in grants_of(user)
               if _covers(g, getattr(unit, "path", None), organization, action))


def require(user, action: str, *, unit=None, organization=None) -> None:
    if not can(user, action, unit=unit, organization=organization):
        raise PermissionDenied()


def can_grant_role(user, role: str, *, unit=None, organization=None) -> bool:
    """May `user` hand out `role` on this unit/organization? Only inside their own scope."""
    if is_active_superuser(user):
        return True
    return any(role in GRANTABLE_ROLES.get(r, ())
               for r in roles_for(user, unit=unit, organization=organization, action=Action.ROLE_GRANT))


def scope_paths(user, action: str) -> list[str] | None:
    """Unit paths under which `action` is allowed; None means everywhere (superuser)."""
    if is_active_superuser(user):
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
