"""The generated permission matrix over every declared service (see matrix.py for what it asserts)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction

from danchu.core import access
from danchu.core.errors import NotFound, PermissionDenied

from . import matrix

matrix.load_cases()
ROOT = Path(__file__).resolve().parents[2]


def _variants(builder, world) -> list[matrix.Variant]:
    out = builder(world)
    return list(out) if isinstance(out, list | tuple) else [out]


@pytest.fixture
def tasks(monkeypatch):
    from django_tasks.backends.immediate import ImmediateBackend

    counter = matrix.TaskCounter()
    original = ImmediateBackend.enqueue

    def counting(self, *a, **kw):
        counter.count += 1
        return original(self, *a, **kw)

    monkeypatch.setattr(ImmediateBackend, "enqueue", counting)
    return counter


def _call(rule: access.Rule, user, kwargs: dict):
    """Call the service in a savepoint that is always rolled back (a mutant's write is undone)."""
    result = None
    try:
        with transaction.atomic():
            result = rule_func(rule)(**{rule.user_arg: user, **kwargs})
            raise _RolledBack
    except _RolledBack:
        return result


class _RolledBack(Exception):
    pass


def rule_func(rule: access.Rule):
    import importlib

    module = importlib.import_module(rule.func.__module__)
    return getattr(module, rule.func.__name__)


def check_rule(name: str, tasks) -> list[str]:
    """Every refusal and the allowed call for one declaration; returns what went wrong."""
    rule = access.REGISTRY[name]
    world = matrix.build_world()
    problems = []
    for v in _variants(matrix.CASES[name], world):
        args = rule.bind({rule.user_arg: None, **v.kwargs})
        actions = rule.resolve_actions(args)
        allowed_role = matrix.role_with(actions, v.where)
        callers = matrix.refused_callers(world, v.where, actions, allowed_role if v.by is None else None)
        for caller in callers:
            expected = matrix.expected_refusal(caller.user, v.where, public=rule.public)
            before = matrix.snapshot(tasks)
            try:
                _call(rule, caller.user, v.kwargs)
            except (NotFound, PermissionDenied) as exc:
                if exc.code != expected:
                    problems.append(f"{v.label or v.where}: {caller.label}: {exc.code}, expected {expected}")
            except Exception as exc:  # noqa: BLE001 — any other outcome is a finding
                problems.append(f"{v.label or v.where}: {caller.label}: {type(exc).__name__}: {exc}, expected {expected}")
            else:
                problems.append(f"{v.label or v.where}: {caller.label}: allowed, expected {expected}")
            changed = matrix.changes(before, matrix.snapshot(tasks))
            if changed:
                problems.append(f"{v.label or v.where}: {caller.label}: changed {changed}")
        by = v.by or (world.fresh_user(allowed_role, v.where) if allowed_role else world.fresh_user(is_superuser=True))
        try:
            _call(rule, by, v.kwargs)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{v.label or v.where}: the allowed caller was refused: {type(exc).__name__}: {exc}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(access.REGISTRY))
def test_matrix(name, tasks):
    if name not in matrix.CASES:
        pytest.fail(f"{name} is declared but has no matrix case in its app's tests/access_cases.py")
    assert check_rule(name, tasks) == []


def test_every_declaration_has_a_case_and_every_case_a_declaration():
    assert sorted(set(access.REGISTRY) - set(matrix.CASES)) == []
    assert sorted(set(matrix.CASES) - set(access.REGISTRY)) == []


def _service_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        if path.name == "services.py" or "services" in rel.parts[:-1]:
            yield path


def test_every_service_taking_a_caller_is_declared():
    """A public function in a services module that takes `user` or `actor` is a use case: it must
    declare its rule (`guard`) or say why anyone may call it (`open_to`)."""
    missing = []
    for path in _service_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            params = {a.arg for a in node.args.args + node.args.kwonlyargs}
            if not params & {"user", "actor"}:
                continue
            decorators = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
            if not decorators & {"guard", "access.guard", "open_to", "access.open_to"}:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


AREA_AND_TOP = {"disclosures", "decisions", "consultations", "cases", "oversight", "dialogues", "movements",
                "reports", "units", "api"}


def test_superuser_is_special_only_in_core():
    """No app decides on its own that a superuser may do something: core.access does (accounts, which
    creates accounts, and ops, which seeds demo data as the system, only name the flag)."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in AREA_AND_TOP or {"tests", "migrations", "browser_tests"} & set(rel.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "is_superuser" or (
                    isinstance(node, ast.Constant) and node.value == "is_superuser"):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []
