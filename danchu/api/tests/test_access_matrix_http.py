"""The permission matrix over HTTP: every private API operation, called by those who must be refused.

The operations come from the OpenAPI document (an operation with a `security` requirement is
private). Path parameters are filled with the ids of records of commune A (built by the apps'
matrix cases and `matrix.records`, core/tests/matrix.py: one world per app, shared by that app's
operations, each test in a savepoint rolled back after it); a path naming a record found nowhere
fails. Query parameters and bodies get a minimal valid example from the schema, where any unit
code is commune A's. Then:

- without credentials → 401, and nothing changed;
- as another commune's officer and as a citizen without grants (bearer tokens) → the call that names
  a record or unit of commune A is refused with 404 (or 403 on a public record), and nothing changed
  (every table, stored files); a call that names no unit (the caller's own account) is only
  required not to fail (no 5xx) and to change nothing of commune A.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest
from django.db import transaction

from danchu.accounts.services import api_token_create
from danchu.core.tests import matrix

matrix.load_cases()

# Path parameters whose model name is not the parameter's stem.
ALIASES = {"grant": "rolegrant", "token": "apitoken", "request": "case", "service_request": "case",
           "member": "boardmember", "rec": "recommendation", "recommendation": "recommendation",
           "model": "goodpractice", "question": "dialoguequestion", "round": "reportround", "day": "receptionday",
           "project": "investmentproject", "criticism": "socialcriticism", "cid": "consultation", "oid": "opinion"}
# Open or public-record operations that check the input before the caller (nothing is written either way).
VALIDATES_FIRST = {
    "POST /api/v1/dialogues/{dialogue_id}/questions",  # open: anyone registers a question; closed dialogue → 400
    "POST /api/v1/opinions/{oid}/vote",  # open: residents vote; the example's choice is refused first
    "POST /api/v1/dialogue-questions/{question_id}/answer",  # the example body lacks the answer → 422
    "POST /api/v1/consultations",  # the example names neither unit nor organization → 400 scope_invalid
}
UNIT_FIELDS = {"unit", "unit_code", "code", "commune", "hamlet", "hamlet_code", "commune_code"}


@functools.cache
def _schema():
    from danchu.api.urls import api

    return api.get_openapi_schema()


def _private_operations():
    schema = _schema()
    ops = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            if op.get("security"):
                ops.append((method, path, op))
    return ops


OPERATIONS = _private_operations()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def example(schema: dict, node: dict, name: str, codes: dict):
    node = _resolve(schema, node)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if _resolve(schema, o).get("type") != "null"]
            return example(schema, options[0], name, codes) if options else None
    if "enum" in node:
        return node["enum"][0]
    if "default" in node and node["default"] is not None:
        return node["default"]
    kind = node.get("type")
    if name in UNIT_FIELDS or name.endswith("unit_code"):
        return codes["unit"]
    if name == "organization_id":
        return codes["organization_id"]
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        required = set(node.get("required", []))
        return {k: example(schema, v, k, codes) for k, v in props.items() if k in required}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, node.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    fmt = node.get("format", "")
    if fmt == "date":
        return dt.date.today().isoformat()
    if fmt == "date-time":
        return dt.datetime.now(dt.UTC).isoformat()
    if fmt == "time":
        return "09:00:00"
    if fmt == "email":
        return "thu@example.vn"
    if fmt == "binary":
        return None
    return "Nội dung thử nghiệm"[: node.get("maxLength", 100)] or "x"


def _objects(world, app: str | None = None) -> dict[str, object]:
    """One record of each model, built by the apps' matrix cases in commune A (organizations second),
    then the records no case hands over (matrix.records); with `app`, only that app's cases and
    records (what an operation of that app's router names)."""
    from django.db.models import Model

    found: dict[str, object] = {}
    ranked = []
    for name in sorted(matrix.CASES):
        if app is not None and not name.startswith(f"{app}."):
            continue
        try:
            with transaction.atomic():
                variants = matrix.CASES[name](world)
        except Exception:  # noqa: BLE001, S112 — a builder clashing with an earlier one's records: skip it here
            continue
        for v in variants if isinstance(variants, list | tuple) else [variants]:
            for value in v.kwargs.values():
                if isinstance(value, Model):
                    ranked.append((getattr(value, "organization_id", None) is not None, value))
                    for f in value._meta.concrete_fields:  # and the records it hangs on (an opinion's consultation)
                        if f.is_relation and getattr(value, f.attname, None) is not None:
                            related = getattr(value, f.name)
                            ranked.append((getattr(related, "organization_id", None) is not None, related))
    for _, obj in sorted(ranked, key=lambda x: x[0]):
        found.setdefault(obj._meta.model_name, obj)
    for model, obj in matrix.records(world, app).items():  # what a path names but no case hands over
        found.setdefault(model, obj)
    return found


def _fill_path(path: str, objects: dict, codes: dict) -> tuple[str, list[str]]:
    missing = []

    def sub(m):
        param = m.group(1)
        if param in UNIT_FIELDS:
            return codes["unit"]
        stem = param[:-3] if param.endswith("_id") else param
        model = ALIASES.get(stem, stem.replace("_", ""))
        obj = objects.get(model)
        if obj is None:
            missing.append(param)
            return "999999"
        return str(getattr(obj, "tracking_code", None) if param == "tracking_code" else obj.pk)

    return re.sub(r"{([^}]+)}", sub, path), missing


def _names_a_scope(path: str, op: dict) -> bool:
    if "{" in path:
        return True
    params = {p["name"] for p in op.get("parameters", [])}
    if params & UNIT_FIELDS:
        return True
    body = op.get("requestBody", {}).get("content", {})
    schema = _schema()
    for media in body.values():
        props = _resolve(schema, media.get("schema", {})).get("properties", {})
        if set(props) & (UNIT_FIELDS | {"organization_id"}):
            return True
    return False


def _request(client, method, path, op, codes, headers):
    schema = _schema()
    query = {}
    for p in op.get("parameters", []):
        if p["in"] == "query" and p.get("required"):
            query[p["name"]] = example(schema, p.get("schema", {}), p["name"], codes)
        elif p["in"] == "query" and p["name"] in UNIT_FIELDS:
            query[p["name"]] = codes["unit"]
    content = op.get("requestBody", {}).get("content", {})
    url = "/api/v1" + path if not path.startswith("/api/v1") else path
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    if "application/json" in content:
        body = example(schema, content["application/json"]["schema"], "body", codes)
        return client.generic(method.upper(), url, data=__import__("json").dumps(body),
                              content_type="application/json", headers=headers)
    if "multipart/form-data" in content:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")}, headers=headers)
    return client.generic(method.upper(), url, headers=headers)


def held_world(django_db_blocker, app: str | None):
    """A world and its records (`_objects`), built once for many tests inside a transaction that is
    rolled back after the last of them. Each test runs in its own savepoint within it (pytest-django's
    `db`), so whatever one test writes is undone before the next starts."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = matrix.build_world()
            held = (world, _objects(world, app))
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield held
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _app(op) -> str | None:
    """The app whose router declares the operation: its cases and records fill the path."""
    op_id = op[2].get("operationId", "")
    return op_id.split("_")[1] if op_id.startswith("danchu_") else None


@pytest.fixture(scope="module")
def app_world(request, django_db_setup, django_db_blocker):
    """One world per app, shared by that app's operations (pytest runs them together)."""
    yield from held_world(django_db_blocker, request.param)


@pytest.fixture
def http_world(db, app_world):
    world, objects = app_world
    codes = {"unit": world.a.code, "organization_id": world.org.pk}
    return world, objects, codes


@pytest.fixture
def tasks_counter():
    return matrix.TaskCounter()


def _id(op):
    method, path, _ = op
    return f"{method.upper()} {path}"


@pytest.mark.parametrize(("app_world", "op"), [(_app(o), o) for o in OPERATIONS], ids=[_id(o) for o in OPERATIONS],
                         indirect=["app_world"], scope="module")
def test_private_operation_refuses_outsiders(client, http_world, tasks_counter, op):
    method, path, spec = op
    world, objects, codes = http_world
    url_path, missing = _fill_path(path, objects, codes)
    if missing:  # a path naming a record the world lacks: build it (core/tests/matrix.py, RECORDS)
        pytest.fail(f"no record of commune A for path parameters {missing}")
    problems = []
    callers = [("anonymous", None), ("another commune's officer", world.officer_b), ("citizen", world.citizen)]
    for label, user in callers:
        headers = {"Authorization": f"Bearer {api_token_create(user=user)}"} if user is not None else {}
        before = matrix.snapshot(tasks_counter)
        response = _request(client, method, url_path, spec, codes, headers)
        after = matrix.snapshot(tasks_counter)
        status = response.status_code
        changed = [t for t in matrix.changes(before, after) if t not in {"accounts_apitoken"}]
        if status >= 500:
            problems.append(f"{label}: {status}")
        if user is None and status != 401:
            problems.append(f"{label}: {status}, expected 401")
        refusals = {403, 404} | ({400, 422} if f"{method.upper()} {path}" in VALIDATES_FIRST else set())
        if user is not None and _names_a_scope(path, spec) and status not in refusals:
            problems.append(f"{label}: {status}, expected 404 (or 403 on a public record): {response.content[:200]!r}")
        if changed and (user is None or _names_a_scope(path, spec)):
            problems.append(f"{label}: changed {changed}")
    assert problems == []


def test_private_operations_were_found():
    assert len(OPERATIONS) > 50
