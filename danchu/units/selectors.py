"""Reads over units, shared by pages, the API and (later) reports. Public reads need no user;
private reads (households, residents) are scoped through core.permissions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from danchu.core.errors import NotFound
from danchu.core.permissions import require, unit_scope_q
from danchu.core.roles import Action
from danchu.core.text import fold

from .models import Household, Level, Organization, Unit

_LEVEL_RANK = {Level.PROVINCE: 0, Level.COMMUNE: 1, Level.DISTRICT: 2, Level.HAMLET: 3}


def current_q(today: dt.date | None = None, prefix: str = "") -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})


def unit_get(*, code: str) -> Unit:
    """A unit by code (public: unit names and codes are public information)."""
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị hành chính có mã này.", message_en="No administrative unit with this code.")
    return unit


def unit_search(
    *, q: str = "", level: str | None = None, parent: Unit | None = None, include_former: bool = True
) -> QuerySet[Unit]:
    """Units whose name matches every word of `q`, ignoring diacritics and case.

    "binh luc", "Bình Lục" and "BINH LUC" give the same result. Ranked: exact name, then
    name starting with the query, then current units before former ones, then by level.
    """
    qs = Unit.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path).exclude(pk=parent.pk)
    if not include_former:
        qs = qs.filter(current_q())
    folded = fold(q)
    for word in folded.split():
        qs = qs.filter(search_name__contains=word)
    today = timezone.localdate()
    qs = qs.annotate(
        rank_exact=Case(
            When(search_name__startswith=folded + "|", then=Value(0)),
            When(search_name__startswith=folded, then=Value(1)),
            When(search_name__contains=folded, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        if folded
        else Value(3, output_field=IntegerField()),
        rank_current=Case(
            When(Q(valid_to__isnull=True) | Q(valid_to__gte=today), then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        rank_level=Case(*[When(level=k, then=Value(v)) for k, v in _LEVEL_RANK.items()], output_field=IntegerField()),
    )
    return qs.order_by("rank_exact", "rank_current", "rank_level", "search_name", "code")


def unit_children(*, unit: Unit, include_former: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(parent=unit)
    if not include_former:
        qs = qs.filter(current_q())
    return qs.order_by("name")


def unit_subtree(*, unit: Unit, include_self: bool = True) -> QuerySet[Unit]:
    """The unit and everything below it: one prefix query on the indexed path."""
    qs = Unit.objects.filter(path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    paths = unit.ancestor_paths()[:-1]
    by_path = {u.path: u for u in Unit.objects.filter(path__in=paths)}
    return [by_path[p] for p in paths if p in by_path]


def unit_successors(*, unit: Unit) -> list[Unit]:
    """Current units that took over a former unit, following chains (a unit merged twice)."""
    seen: set[int] = set()
    frontier = [unit]
    result: list[Unit] = []
    while frontier:
        nxt = list(
            Unit.objects.filter(succession_in__predecessor__in=frontier).select_related("parent").order_by(
                "-succession_in__is_primary", "name"
            )
        )
        frontier = []
        for u in nxt:
            if u.pk in seen:
                continue
            seen.add(u.pk)
            (result if u.is_current else frontier).append(u)
    return result


def unit_predecessors(*, unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(succession_out__successor=unit).select_related("parent").order_by("name")


def units_for_officer(*, user, action: str = Action.WORKSPACE_VIEW) -> QuerySet[Unit]:
    """Units on which the user holds a grant allowing `action` (the roots of their scopes)."""
    return Unit.objects.filter(role_grants__user=user, role_grants__revoked_at__isnull=True).filter(
        unit_scope_q(user, action)
    ).distinct()


def organization_list(*, unit: Unit) -> QuerySet[Organization]:
    return Organization.objects.filter(unit__path__startswith=unit.path).select_related("unit")


def household_list(*, user, unit: Unit, q: str = "") -> QuerySet[Household]:
    """Households of a hamlet or commune, for an official allowed to see them (scoped)."""
    require(user, Action.HOUSEHOLD_VIEW, unit=unit)
    qs = (
        Household.objects.filter(hamlet__path__startswith=unit.path)
        .select_related("hamlet", "representative")
        .prefetch_related(Prefetch("residents"))
    )
    folded = fold(q)
    for word in folded.split():
        qs = qs.filter(Q(residents__search_name__contains=word) | Q(code__icontains=word))
    return qs.distinct().order_by("hamlet__name", "code")
