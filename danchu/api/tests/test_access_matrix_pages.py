"""The permission matrix over the officials' pages: every page under /quan-ly/, /to-chuc/, /bao-cao/<unit>/
and /tai-khoan/phan-quyen/, filled with commune A's unit code and the ids of its records (built by the
apps' matrix cases and `matrix.records`, in one world shared by the module; a regular-expression route
is reversed from its groups), requested with GET and POST by those who must be refused:

- without signing in → sent to the sign-in page (or 404/403/405), nothing changed;
- as another commune's officer, as a citizen without grants, and (for an organization's pages) as the
  commune's officer → 404 (403 on a public record, 405 for a method the page does not take), never the
  page itself, and nothing changed.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from danchu.core.tests import matrix

from .test_access_matrix_http import held_world

PRIVATE_PREFIXES = ("quan-ly/", "to-chuc/", "bao-cao/<str:code>", "bao-cao/du-thao/", "bao-cao/xuat/",
                    "^bao-cao/", "tai-khoan/phan-quyen/", "ban-quyet/<int:pk>/bien-ban-da-ky/")

# <int:pk> of each page: the model it names (by URL name).
PK_MODEL = {
    "disclosures": "disclosure", "decisions": "matter", "cases": "case", "dialogues": "dialogue",
    "consultations": "consultation", "movements": "goodpractice", "units:household_detail": "household",
    "units:household_import_result": "householdimport", "units:household_import_rejections": "householdimport",
    "units:organization_edit": "organization", "cases:attachment": "caseattachment",
    "dialogues:reception_day": "receptionday", "dialogues:reception_step": "receptionday",
    "oversight:board": "board", "oversight:inspection": "inspection", "oversight:supervision": "supervision",
    "oversight:project": "investmentproject", "oversight:criticism": "socialcriticism",
    "oversight:recommendation": "recommendation", "oversight:document": "document", "oversight:act": "board",
    "reports:draft": "reportdraft", "reports:export": "reportexport", "reports:export_download": "reportexport",
}
FIXED = {"what": "x", "step": "x", "fmt": "docx", "indicator": "cases_received", "hamlet_code": "M0A-01"}


def _walk(resolver, prefix="", ns=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ns + (p.name or "")


PAGES = sorted({(route, name) for route, name in _walk(get_resolver())
                if route.startswith(PRIVATE_PREFIXES) and not route.startswith("api/")})


def _model_for(name: str) -> str | None:
    return PK_MODEL.get(name) or PK_MODEL.get(name.split(":")[0])


def _fill(route: str, name: str, objects: dict, world) -> tuple[str, list[str]]:
    """The concrete URL of a route: a path route filled in place, a regular-expression route
    (re_path) reversed from the values of its named groups."""
    missing = []

    def value(param: str) -> str:
        if param == "code":
            return world.a.code
        if param in {"org_id", "org"}:
            return str(world.org.pk)
        if param in FIXED:
            return FIXED[param]
        if param == "grant_id":
            model = "rolegrant"
        elif param == "opk":
            model = "opinion"
        elif param == "evidence_id":
            model = "evidence"
        else:
            model = _model_for(name)
        obj = objects.get(model or "")
        if obj is None:
            missing.append(f"{param} ({model})")
            return "999999"
        return str(obj.pk)

    if "(?P<" in route or "^" in route:
        return reverse(name, kwargs={g: value(g) for g in re.findall(r"\(\?P<(\w+)>", route)}), missing
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), route), missing


@pytest.fixture(scope="module")
def pages_world(django_db_setup, django_db_blocker):
    """One world, with the records of every app, shared by every page (see `held_world`)."""
    yield from held_world(django_db_blocker, None)


@pytest.fixture
def page_world(db, pages_world):
    return pages_world


@pytest.mark.parametrize(("route", "name"), PAGES, ids=[n for _, n in PAGES])
def test_private_page_refuses_outsiders(client, page_world, route, name):
    world, objects = page_world
    url, missing = _fill(route, name, objects, world)
    if missing:  # a page naming a record the world lacks: build it (core/tests/matrix.py, RECORDS)
        pytest.fail(f"{name}: no record of commune A for {missing}")
    counter = matrix.TaskCounter()
    callers = [("anonymous", None), ("another commune's officer", world.officer_b), ("citizen", world.citizen)]
    if "org" in route:
        callers.append(("commune officer on an organization", world.officer_a))
    problems = []
    for label, user in callers:
        client.logout()
        if user is not None:
            client.force_login(user)
        for method in ("get", "post"):
            before = matrix.snapshot(counter)
            response = getattr(client, method)(url)
            changed = [t for t in matrix.changes(before, matrix.snapshot(counter))
                       if t not in {"django_session", "accounts_user"}]
            status = response.status_code
            if user is None:
                ok = status in {403, 404, 405} or (status == 302 and "/dang-nhap" in response.get("Location", "")
                                                   or status == 302 and "login" in response.get("Location", ""))
            else:
                ok = status in {403, 404, 405}
            if not ok:
                problems.append(f"{label} {method.upper()} {url}: {status}")
            if changed:
                problems.append(f"{label} {method.upper()} {url}: changed {changed}")
    assert problems == []


def test_private_pages_were_found():
    assert len(PAGES) > 40
