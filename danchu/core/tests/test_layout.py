"""The layout rules, checked on the syntax tree of the source so that they hold as the code grows.

- Apps depend downwards only: core ← units ← accounts ← area apps ← reports/api/ops.
- Area apps do not import each other — not by `import`, not by a relative `from ..other`, not by
  `from danchu import other`, not by `importlib.import_module("danchu.other…")`, and not by reaching
  another app's model through `apps.get_model("other", …)`. They announce facts instead.
- Pages, the API and everything that renders (views, api, Open311, feeds, template tags) reach models
  through selectors and services only: no `.objects`, `_default_manager`, `get_object_or_404`,
  `apps.get_model`, and no `.save()` / `.delete()` / `.create()` — a write goes through a service.
- No Django signals: services call what they need explicitly.

The checker is a function of a source tree, so the second half of this file plants each kind of
violation in a scratch tree and asserts it is caught.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # .../danchu
AREA_APPS = {"disclosures", "decisions", "consultations", "cases", "oversight", "dialogues", "movements"}
TOP = {"reports", "api", "ops"}  # ops: `danchu seed` and `danchu bench`, above every app like the CLI
FORBIDDEN_BELOW = {
    "core": {"units", "accounts", *AREA_APPS, *TOP},
    "units": {"accounts", *AREA_APPS, *TOP},
    "accounts": {*AREA_APPS, *TOP},
    **{app: {*TOP} for app in AREA_APPS},
}
ORM_WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
ORM_READS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
SIGNAL_MODULES = ("django.db.models.signals", "django.core.signals", "django.dispatch")


def app_of(root: Path, path: Path) -> str | None:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else None


def _sources(root: Path):
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if {"migrations", "tests", "browser_tests"} & set(rel.parts):
            continue
        yield path


def _module_parts(root: Path, path: Path) -> list[str]:
    rel = path.relative_to(root).with_suffix("")
    parts = ["danchu", *rel.parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return parts


def _resolve_from(root: Path, path: Path, node: ast.ImportFrom) -> list[str]:
    """The absolute module names an ImportFrom brings in (each `from X import y` may name a module)."""
    if node.level:
        package = _module_parts(root, path)
        if path.name != "__init__.py":
            package = package[:-1]
        base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    return [module] + [f"{module}.{a.name}" for a in node.names]


def _danchu_app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "danchu" and len(parts) > 1 else None


def _const_str(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)  # f"danchu.cases.{x}": the fixed prefix names the app
    return None


def _call_name(node: ast.Call) -> str:
    return ast.unparse(node.func)


def imported_apps(root: Path, path: Path) -> dict[str, int]:
    """Every danchu app the file reaches, by any of the ways above, with a line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, int] = {}

    def add(module: str | None, line: int):
        app = _danchu_app(module or "")
        if app:
            found.setdefault(app, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                add(a.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            modules = _resolve_from(root, path, node)
            add(modules[0], node.lineno)
            if modules[0] == "danchu":
                for m in modules[1:]:
                    add(m, node.lineno)
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name.endswith("import_module") or name == "__import__":
                arg = _const_str(node.args[0]) if node.args else None
                if arg is not None:
                    add(arg if arg.startswith("danchu") else None, node.lineno)
            elif name.endswith("get_model") and node.args:
                label = _const_str(node.args[0])
                if label:
                    add(f"danchu.{label.split('.')[0]}", node.lineno)
    return found


def is_presentation(root: Path, path: Path) -> bool:
    rel = path.relative_to(root)
    name = path.stem
    return (name.startswith("views") or name.startswith("api") or name in {"open311", "feeds", "urls"}
            or "templatetags" in rel.parts or (rel.parts[0] == "api" and name != "__init__"))


def _orm_like(node: ast.Call) -> bool:
    """`obj.save()` / `qs.delete()` / `Model.objects.create(...)`, not `@router.delete("/x")` or
    `workbook.save(buffer)` (a model's save and delete take no positional argument)."""
    owner = node.func.value
    if isinstance(owner, ast.Name) and owner.id in {"router", "api"}:
        return False
    return not (node.func.attr in {"save", "delete"} and node.args)


def presentation_violations(root: Path, path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ORM_READS:
            out.append(f"{rel}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            short = name.rsplit(".", 1)[-1]
            if short in SHORTCUTS or short == "get_model":
                out.append(f"{rel}:{node.lineno} {short}()")
            elif isinstance(node.func, ast.Attribute) and node.func.attr in ORM_WRITES and _orm_like(node):
                out.append(f"{rel}:{node.lineno} .{node.func.attr}()")
    return out


def signal_uses(root: Path, path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root)
    out = []
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = _resolve_from(root, path, node)
        if any(m.startswith(SIGNAL_MODULES) for m in modules):
            out.append(f"{rel}:{node.lineno}")
        if isinstance(node, ast.Name) and node.id == "receiver" or isinstance(node, ast.Attribute) and node.attr in {
                "post_save", "pre_save", "post_delete", "pre_delete", "m2m_changed"}:
            out.append(f"{rel}:{node.lineno}")
    return out


def violations(root: Path) -> list[str]:
    out = []
    for path in _sources(root):
        app = app_of(root, path)
        rel = path.relative_to(root)
        reached = imported_apps(root, path)
        if app in FORBIDDEN_BELOW:
            out += [f"{rel}:{line} {app} reaches {other}" for other, line in reached.items()
                    if other in FORBIDDEN_BELOW[app]]
        if app in AREA_APPS:
            out += [f"{rel}:{line} area app {app} reaches area app {other}" for other, line in reached.items()
                    if other in AREA_APPS and other != app]
        if is_presentation(root, path):
            out += presentation_violations(root, path)
        out += signal_uses(root, path)
    return sorted(set(out))


def test_the_tree_keeps_the_layout():
    assert violations(ROOT) == []


def test_every_area_app_named_exists():
    assert sorted(a for a in AREA_APPS | TOP if not (ROOT / a).is_dir()) == []


# --- the checker catches each kind of violation ----------------------------------------------------

PLANTED = {
    "import from danchu": ("disclosures/services.py", "from danchu import cases\n"),
    "relative import": ("disclosures/selectors.py", "from ..cases import models\n"),
    "relative import of a module": ("oversight/services.py", "from .. import dialogues\n"),
    "absolute import": ("decisions/services.py", "import danchu.consultations.services\n"),
    "importlib": ("dialogues/services.py", "import importlib\nm = importlib.import_module('danchu.cases.services')\n"),
    "importlib f-string": ("movements/services.py", "import importlib\nm = importlib.import_module(f'danchu.cases.{x}')\n"),
    "dunder import": ("cases/services.py", "m = __import__('danchu.oversight.models')\n"),
    "apps.get_model of another app": ("cases/selectors.py",
                                       "from django.apps import apps\nn = apps.get_model('disclosures', 'Disclosure')._default_manager.count()\n"),
    "view get_object_or_404 and save": ("cases/views.py",
                                         "from django.shortcuts import get_object_or_404\n"
                                         "def v(request, pk):\n    c = get_object_or_404(Case, pk=pk)\n    c.save()\n"),
    "view save only": ("decisions/views.py", "def v(request, m):\n    m.status = 'x'\n    m.save()\n"),
    "signals import": ("cases/services.py", "from django.db.models.signals import post_save\n"),
    "receiver": ("units/services.py", "from django.dispatch import receiver\n"),
    "ORM in open311": ("cases/open311.py", "def f():\n    return Case.objects.all()\n"),
    "ORM in feeds": ("disclosures/feeds.py", "def f():\n    return Disclosure.objects.all()\n"),
    "ORM in a template tag": ("oversight/templatetags/tags.py", "def f():\n    return Board.objects.first()\n"),
    "api create": ("consultations/api.py", "def f(payload):\n    return Opinion.objects.create(**payload)\n"),
    "core reaches units": ("core/access.py", "from danchu.units.models import Unit\n"),
    "accounts reaches an area app": ("accounts/views.py", "from danchu.cases.selectors import case_list\n"),
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_a_planted_violation_is_caught(tmp_path, kind):
    rel, source = PLANTED[kind]
    for app in {*AREA_APPS, *TOP, "core", "units", "accounts"}:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    target = tmp_path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source)
    assert violations(tmp_path) != [], kind


def test_a_clean_scratch_tree_has_no_violation(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "views.py").write_text(
        "from . import services\nfrom danchu.core.errors import DomainError\n"
        "def v(request):\n    ctx = {}\n    ctx.update(a=1)\n    return services.case_submit(user=request.user)\n")
    (tmp_path / "cases" / "services.py").write_text("from .models import Case\ndef f():\n    Case.objects.create()\n")
    assert violations(tmp_path) == []
