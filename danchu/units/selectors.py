"""Reads over units, shared by pages, the API and reports. Public reads (units, organizations)
need no user; private reads (households, their residents, register imports) declare their rule
(core.access.guard): outside the caller's scope NotFound (404, as for a unit or id that does not
exist), inside it without the right PermissionDenied (403)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When, prefetch_related_objects
from django.utils import timezone

from danchu.core.access import fetch, guard
from danchu.core.errors import NotFound
from danchu.core.permissions import unit_scope_q
from danchu.core.roles import Action
from danchu.core.text import fold

from .models import Household, HouseholdImport, Level, Organization, Unit

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
        qs = qs.filter(path__under=parent.path).exclude(pk=parent.pk)
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
    # The folded name sorts "Đồng Quê" among the D's, not after "Vĩnh" as raw code points would.
    return qs.order_by("search_name", "code")


def unit_subtree(*, unit: Unit, include_self: bool = True) -> QuerySet[Unit]:
    """The unit and everything below it: one prefix query on the indexed path."""
    qs = Unit.objects.filter(path__under=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    paths = unit.ancestor_paths()[:-1]
    by_path = {u.path: u for u in Unit.objects.filter(path__in=paths)}
    return [by_path[p] for p in paths if p in by_path]


def unit_successors_many(*, units: list[Unit]) -> dict[int, list[Unit]]:
    """Current units that took over each former unit, for a whole page at once.

    Chains are followed (a unit merged twice); primary successor first, then by name and code.
    Two queries per step of a merger chain, whatever the number of units — usually one step:
    most former units were merged once, on 1 July 2025.
    """
    result: dict[int, list[Unit]] = {u.pk: [] for u in units if u.is_former}
    seen: dict[int, set[int]] = {pk: set() for pk in result}
    frontier: dict[int, tuple[Unit, set[int]]] = {u.pk: (u, {u.pk}) for u in units if u.pk in result}
    while frontier:
        prefetch_related_objects([u for u, _ in frontier.values()], "succession_out__successor__parent")
        steps = [(s, origins) for u, origins in frontier.values() for s in u.succession_out.all()]
        steps.sort(key=lambda step: (not step[0].is_primary, step[0].successor.name, step[0].successor.code))
        following: dict[int, tuple[Unit, set[int]]] = {}
        for step, origins in steps:
            successor = step.successor
            for origin in origins:
                if successor.pk in seen[origin]:
                    continue
                seen[origin].add(successor.pk)
                if successor.is_current:
                    result[origin].append(successor)
                else:
                    following.setdefault(successor.pk, (successor, set()))[1].add(origin)
        frontier = following
    return result


def unit_successors(*, unit: Unit) -> list[Unit]:
    """Current units that took over a former unit (empty for a current unit)."""
    return unit_successors_many(units=[unit]).get(unit.pk, [])


def unit_predecessors(*, unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(succession_out__successor=unit).select_related("parent").order_by("name")


def units_for_officer(*, user, action: str = Action.WORKSPACE_VIEW) -> QuerySet[Unit]:
    """Units on which the user holds a grant allowing `action` (the roots of their scopes)."""
    return Unit.objects.filter(role_grants__user=user, role_grants__revoked_at__isnull=True).filter(
        unit_scope_q(user, action)
    ).distinct()


def organization_list(*, unit: Unit) -> QuerySet[Organization]:
    return Organization.objects.filter(unit__path__under=unit.path).select_related("unit")


@guard(Action.HOUSEHOLD_VIEW, on="unit")
def household_list(*, user, unit: Unit, q: str = "") -> QuerySet[Household]:
    """Households of a hamlet or commune, for an official allowed to see them there."""
    qs = (
        Household.objects.filter(hamlet__path__under=unit.path)
        .select_related("hamlet", "representative")
        .prefetch_related(Prefetch("residents"))
    )
    folded = fold(q)
    for word in folded.split():
        qs = qs.filter(Q(residents__search_name__contains=word) | Q(code__icontains=word))
    return qs.distinct().order_by("hamlet__name", "code")


@guard(Action.HOUSEHOLD_VIEW, on=fetch(Household, "pk", select_related=("hamlet",)))
def household_get(*, user, pk: int) -> Household:
    """One household with its residents (names, CCCD, phones), for an official allowed to see the
    households of its hamlet."""
    household = (Household.objects.select_related("hamlet", "representative").prefetch_related("residents")
                 .filter(pk=pk).first())
    if household is None:
        raise NotFound("Không tìm thấy hộ gia đình.", message_en="Household not found.")
    return household


@guard(Action.HOUSEHOLD_VIEW, on="unit")
def household_import_get(*, user, unit: Unit, import_id: int) -> HouseholdImport:
    """An import of a hamlet under `unit`, for someone allowed to see that unit's households."""
    imp = HouseholdImport.objects.select_related("hamlet").filter(pk=import_id, hamlet__path__under=unit.path).first()
    if imp is None:
        raise NotFound()
    return imp


@guard(Action.HOUSEHOLD_VIEW, on="unit")
def household_imports_recent(*, user, unit: Unit, limit: int = 10) -> list[HouseholdImport]:
    return list(
        HouseholdImport.objects.select_related("hamlet").filter(hamlet__path__under=unit.path).defer("rejected")[:limit]
    )
