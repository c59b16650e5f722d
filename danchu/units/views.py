"""Public pages of units: the picker and each unit's home. Officials' pages live in views_manage.py."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from danchu.core.errors import NotFound
from danchu.core.permissions import can
from danchu.core.pillars import PILLARS
from danchu.core.registry import live_figures, live_panels, pillar_links
from danchu.core.roles import Action

from .models import Level
from .selectors import (
    organization_list,
    unit_ancestors,
    unit_children,
    unit_get,
    unit_predecessors,
    unit_search,
    unit_successors,
    unit_successors_many,
)

PAGE_SIZE = 25


@require_GET
def unit_search_page(request):
    q = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level") or None
    if level not in {None, *Level.values}:
        level = None
    page = None
    results = []
    if q:
        page = Paginator(unit_search(q=q, level=level), PAGE_SIZE).get_page(request.GET.get("page"))
        units = list(page.object_list)
        successors = unit_successors_many(units=units)
        results = [(u, successors.get(u.pk, [])) for u in units]
    return render(
        request,
        "units/search.html",
        {"q": q, "level": level, "levels": Level.choices, "page": page, "results": results},
    )


def _pillars_with_links(unit, today) -> list[tuple]:
    """Each pillar with what is live there now (the area apps' providers, core.registry) and the pages
    the apps announced for it. A page a panel already links as its "see all" is not listed twice."""
    rows = []
    for p in PILLARS:
        panels = live_panels(p.key, unit, today)
        shown = {panel.see_all_url for panel in panels}
        links = [(link.label, url) for link in pillar_links(p.key)
                 if (url := reverse(link.url_name, args=[unit.code])) not in shown]
        rows.append((p, panels, links))
    return rows


def _figures_unit(unit):
    """A hamlet's figures are its commune's: cases, votes and disclosures are counted commune-wide,
    and a hamlet's own counts would be too small to say anything."""
    return unit.parent if unit.level == Level.HAMLET and unit.parent_id else unit


@require_GET
def unit_home(request, code: str):
    try:
        unit = unit_get(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    today = timezone.localdate()
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit=unit),
        "children": unit_children(unit=unit, include_former=unit.is_former),
        "successors": unit_successors(unit=unit) if unit.is_former else [],
        "predecessors": unit_predecessors(unit=unit),
        "pillars": [] if unit.is_former else _pillars_with_links(unit, today),
        "figures": [] if unit.is_former else live_figures(_figures_unit(unit), today),
        "figures_unit": _figures_unit(unit),
        "year": today.year,
        "organizations": organization_list(unit=unit)[:50] if unit.level != Level.PROVINCE else [],
        "can_manage": can(request.user, Action.WORKSPACE_VIEW, unit=unit),
    }
    return render(request, "units/home.html", context)
