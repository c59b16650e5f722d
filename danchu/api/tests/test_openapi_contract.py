"""The OpenAPI document tells clients the truth: one class per schema name, every error status an
operation can answer documented with the error body, and JSON operations take JSON only (415)."""

import json
from collections import defaultdict

import pytest
from ninja import NinjaAPI, Router, Schema
from ninja.openapi import schema as ninja_openapi
from ninja.schema import NinjaGenerateJsonSchema

from danchu.api.urls import api
from danchu.cases.models import Case


def component_sources(build_api) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Build an API's OpenAPI document and record, for each component name ninja writes, which
    classes (module.qualname) produced it and which JSON schemas were written under it.

    Ninja asks pydantic for each model's schema on its own and merges the `$defs` into one
    `components.schemas` by name: two classes named alike overwrite each other silently."""
    classes: dict[str, set[str]] = defaultdict(set)
    contents: dict[str, set[str]] = defaultdict(set)

    class Recorder(NinjaGenerateJsonSchema):
        def generate(self, schema, mode="validation"):
            out = super().generate(schema, mode)
            defs = out.get("$defs", {})
            final = self._build_definitions_remapping().defs_remapping
            for (core_ref, _mode), defs_ref in self.core_to_defs_refs.items():
                name = final.get(defs_ref, defs_ref)
                if name in defs:
                    classes[name].add(core_ref.rsplit(":", 1)[0])
            for name, definition in defs.items():
                contents[name].add(json.dumps(definition, sort_keys=True))
            return out

    original = ninja_openapi.NinjaGenerateJsonSchema
    ninja_openapi.NinjaGenerateJsonSchema = Recorder
    try:
        ninja_openapi.get_schema(api=build_api(), path_prefix="")  # not the API's cached document
    finally:
        ninja_openapi.NinjaGenerateJsonSchema = original
    return classes, contents


def clashes(build_api) -> dict[str, list[str]]:
    classes, contents = component_sources(build_api)
    found = {name: sorted(srcs) for name, srcs in classes.items() if len(srcs) > 1}
    # One class whose validation and serialization schemas differ would clash in the same way.
    found.update({name: [f"{len(c)} different schemas"] for name, c in contents.items()
                  if len(c) > 1 and name not in found})
    return found


def test_every_schema_name_belongs_to_one_class():
    assert clashes(lambda: api) == {}


def _two_apps_api():
    """Two routers with their own `VoteIn`, as two apps had: the check must see the clash."""
    first, second = Router(), Router()

    def make(module):
        cls = type("VoteIn", (Schema,), {"__annotations__": {"choice": int if module == "a" else str},
                                          "__module__": f"danchu.{module}.schemas"})
        return cls

    a_vote, b_vote = make("a"), make("b")

    @first.post("/a")
    def vote_a(request, payload: a_vote):
        return {}

    @second.post("/b")
    def vote_b(request, payload: b_vote):
        return {}

    fake = NinjaAPI(urls_namespace="clash-check")
    fake.add_router("/", first)
    fake.add_router("/", second)
    return fake


def test_the_clash_check_sees_two_classes_with_one_name():
    found = clashes(_two_apps_api)
    assert found == {"VoteIn": ["danchu.a.schemas.VoteIn", "danchu.b.schemas.VoteIn"]}


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _operations(document):
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            yield path, method.upper(), op


def test_every_error_status_is_documented_with_the_error_body(document):
    error_ref = "#/components/schemas/ErrorOut"
    seen = 0
    for path, method, op in _operations(document):
        responses = op["responses"]
        expected = {400, 404, 422, 429}
        if op.get("security") or method != "GET":
            expected |= {401, 403}
        if method != "GET":
            expected.add(409)
        content = op.get("requestBody", {}).get("content", {})
        if content:
            expected.add(413)
        if "application/json" in content:
            expected.add(415)
        assert expected <= set(responses), (method, path, sorted(expected - set(responses)))
        for status in expected:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": error_ref}, (method, path, status)
        seen += 1
    assert seen > 90  # every operation of every app, not a handful
    assert set(document["components"]["schemas"]["ErrorOut"]["required"]) == {"code", "message"}


def test_multipart_uploads_are_not_told_415(document):
    upload = document["paths"]["/api/v1/disclosures/{disclosure_id}/attachments"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert 415 not in upload["responses"]
    assert 413 in upload["responses"]


def test_an_app_declaration_is_kept(document):
    # cases declares 200 (a retried submission) and 201 itself; the shared errors come on top.
    responses = document["paths"]["/api/v1/cases"]["post"]["responses"]
    assert responses[201]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/TrackOut"}
    assert {200, 201, 415, 409} <= set(responses)


FEEDBACK = {"unit": "T0A", "kind": "feedback", "title": "Ổ gà trên đường liên thôn", "body": "Ổ gà sâu gần cầu.",
            "category": "roads"}


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["text/plain", "text/plain;charset=UTF-8",
                                          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_a_json_body_sent_as_another_type_with_the_session_cookie_is_refused(client, tree, citizen, content_type):
    """What a form on another site can send with the signed-in citizen's cookie: refused, nothing filed."""
    client.force_login(citizen)
    r = client.post("/api/v1/cases", json.dumps(FEEDBACK), content_type=content_type)
    assert r.status_code == 415
    body = r.json()
    assert body["code"] == "unsupported_media_type"
    assert body["message"].startswith("Nội dung gửi lên phải là JSON")
    assert body["message_en"]
    assert r["Content-Type"].startswith("application/json")
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_body_without_a_content_type_is_refused(client, tree):
    r = client.generic("POST", "/api/v1/cases", json.dumps(FEEDBACK).encode(), content_type="")
    assert r.status_code == 415
    assert Case.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8",
                                          "application/merge-patch+json"])
def test_the_same_body_as_json_is_filed(client, tree, citizen, content_type):
    client.force_login(citizen)
    r = client.post("/api/v1/cases", json.dumps(FEEDBACK), content_type=content_type)
    assert r.status_code == 201, r.content
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_authentication_is_answered_before_the_media_type(client, tree):
    r = client.post("/api/v1/decisions/matters", "x", content_type="text/plain")
    assert r.status_code == 401
