"""The layout rules of DESIGN.md and STYLE.md, checked on the source so that they hold as the code grows.

- Apps depend downwards only: core ← units ← accounts ← area apps ← reports/api/ops.
- Area apps do not import each other; they announce facts that reports counts.
- Pages and the API reach models through selectors and services only (no `.objects.` in views/api).
- No Django signals: services call what they need explicitly.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # .../danchu
AREA_APPS = {"disclosures", "decisions", "consultations", "cases", "oversight", "dialogues", "workplaces", "movements"}
TOP = {"reports", "api", "ops"}  # ops: `danchu seed` and `danchu bench`, above every app like the CLI
FORBIDDEN_BELOW = {
    "core": {"units", "accounts", *AREA_APPS, *TOP},
    "units": {"accounts", *AREA_APPS, *TOP},
    "accounts": {*AREA_APPS, *TOP},
    **{app: {*TOP} for app in AREA_APPS},
}


def _sources(app: str | None = None):
    base = ROOT / app if app else ROOT
    for path in base.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts or "tests" in rel.parts or "browser_tests" in rel.parts:
            continue
        yield path


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    apps = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "danchu" and len(parts) > 1:
                apps.add(parts[1])
    return apps


@pytest.mark.parametrize("app", sorted(FORBIDDEN_BELOW))
def test_apps_depend_downwards_only(app):
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imported_apps(p) & FORBIDDEN_BELOW[app])
        for p in _sources(app)
        if _imported_apps(p) & FORBIDDEN_BELOW[app]
    }
    assert offenders == {}


def test_area_apps_do_not_import_each_other():
    offenders = {}
    for app in AREA_APPS:
        if not (ROOT / app).is_dir():
            continue
        for p in _sources(app):
            bad = (_imported_apps(p) & AREA_APPS) - {app}
            if bad:
                offenders[str(p.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_views_and_api_do_not_query_models_directly():
    offenders = []
    for p in _sources():
        if p.name.startswith("views") or p.name == "api.py" or p.parent.name == "api":
            for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if ".objects." in line and not line.lstrip().startswith("#"):
                    offenders.append(f"{p.relative_to(ROOT)}:{lineno}")
    assert offenders == []


def test_no_django_signals():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _sources()
        if "django.db.models.signals" in p.read_text(encoding="utf-8") or "@receiver" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
