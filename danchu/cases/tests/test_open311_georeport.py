"""Open311 GeoReport v2 beyond the JSON round trip: the XML format of every method, the service
definition, `updated_datetime` following the request's steps, date ranges, and hostile input."""

import datetime as dt
import json

import pytest
from defusedxml import ElementTree as ET
from django.core.cache import cache
from django.utils import timezone

from danchu.cases import services
from danchu.cases.models import Case, CaseEvent, Category

from .factories import file_case

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
HOSTILE_TEXT = 'Cống <b>tắc</b> & "ngập" ]]> <?xml?> </request><request>'


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _xml(response, status=200):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def _texts(element) -> dict:
    return {child.tag: child.text for child in element}


def _post(client, fmt="json", **fields):
    data = {"jurisdiction_id": "T0A", "service_code": "lighting", "description": "Đèn đường tắt",
            "lat": "20.5", "long": "105.9", **fields}
    return client.post(f"{BASE}/requests.{fmt}", data)


def _backdate(case: Case, hours: int = 2) -> None:
    """Move the case and its steps so far back in time that the next step is visibly later."""
    earlier = timezone.now() - dt.timedelta(hours=hours)
    Case.objects.filter(pk=case.pk).update(received_at=earlier)
    CaseEvent.objects.filter(case=case).update(at=earlier)


def _one(client, case: Case) -> dict:
    return client.get(f"{BASE}/requests/{case.tracking_code}.json").json()[0]


# --- services and their definitions -------------------------------------------------------------------------


def test_services_xml_lists_every_service(client, tree):
    root = _xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services_ = [_texts(s) for s in root]
    assert {s.tag for s in root} == {"service"}
    assert [s["service_code"] for s in services_] == list(Category.values)
    assert services_[0] == {**client.get(f"{BASE}/services.json").json()[0], "metadata": "false", "keywords": None}


@pytest.mark.parametrize("code", Category.values)
def test_a_known_service_has_an_empty_definition(client, tree, code):
    r = client.get(f"{BASE}/services/{code}.json")
    assert r.status_code == 200
    assert r.json() == {"service_code": code, "attributes": []}
    root = _xml(client.get(f"{BASE}/services/{code}.xml"))
    assert root.tag == "service_definition"
    assert [(c.tag, c.text) for c in root] == [("service_code", code), ("attributes", None)]
    assert list(root.find("attributes")) == []


def test_an_unknown_service_is_404_with_the_open311_error(client, tree):
    r = client.get(f"{BASE}/services/nope.json")
    assert r.status_code == 404
    assert r.json()[0]["code"] == 404 and r.json()[0]["description"]
    root = _xml(client.get(f"{BASE}/services/nope.xml"), 404)
    assert root.tag == "errors"
    error = root.find("error")
    assert error.findtext("code") == "404" and error.findtext("description")


# --- requests in XML ----------------------------------------------------------------------------------------


def test_post_and_get_requests_in_xml(client, tree):
    root = _xml(_post(client, "xml", description=HOSTILE_TEXT, address_string="Ngõ 3 & <ngõ 4>",
                      email="a@example.vn", first_name="Văn", last_name="An"))
    assert root.tag == "service_requests"
    created = root.find("request")
    sid = created.findtext("service_request_id")
    assert Case.objects.get().tracking_code == sid
    assert created.findtext("service_notice") and created.find("account_id").text is None

    one = _xml(client.get(f"{BASE}/requests/{sid}.xml"))
    assert one.tag == "service_requests" and [r.tag for r in one] == ["request"]
    fields = _texts(one.find("request"))
    as_json = _one(client, Case.objects.get())
    assert list(fields) == list(as_json)  # the same fields, in the spec's order
    # ElementTree escaped the text: it reads back as sent, and no markup of the filer's came through.
    assert fields["description"] == HOSTILE_TEXT and fields["address"] == "Ngõ 3 & <ngõ 4>"
    assert b"<b>" not in client.get(f"{BASE}/requests/{sid}.xml").content
    assert fields["status"] == "open" and fields["lat"] == "20.5" and fields["long"] == "105.9"
    assert fields["updated_datetime"] == as_json["updated_datetime"]
    assert "a@example.vn" not in str(fields) and "An" not in (fields["status_notes"] or "")

    listed = _xml(client.get(f"{BASE}/requests.xml?service_request_id={sid}"))
    assert [r.findtext("service_request_id") for r in listed.findall("request")] == [sid]
    assert list(_xml(client.get(f"{BASE}/requests.xml"))) == []  # not public unless the filer allowed it


def test_public_requests_list_in_xml(client, tree):
    shown = file_case(tree["a"], is_public=True, body=HOSTILE_TEXT)
    file_case(tree["a"], title="Riêng tư")
    root = _xml(client.get(f"{BASE}/requests.xml"))
    assert [(r.findtext("service_request_id"), r.findtext("description")) for r in root] == [
        (shown.tracking_code, HOSTILE_TEXT)]


def test_text_xml_cannot_hold_is_dropped_not_a_500(client, tree):
    case = file_case(tree["a"], is_public=True)
    Case.objects.filter(pk=case.pk).update(body="Cống\x0btắc\x0c", location="Ngõ\ufffe 3")  # stored long ago
    root = _xml(client.get(f"{BASE}/requests/{case.tracking_code}.xml"))
    assert root.find("request").findtext("description") == "Cốngtắc"
    assert root.find("request").findtext("address") == "Ngõ 3"
    assert _xml(client.get(f"{BASE}/requests.xml")).find("request").findtext("description") == "Cốngtắc"


def test_post_errors_in_xml(client, tree):
    root = _xml(_post(client, "xml", service_code="nope"), 400)
    assert root.tag == "errors" and root.find("error").findtext("code") == "400"
    root = _xml(_post(client, "xml", jurisdiction_id="NOPE"), 400)
    assert "jurisdiction_id" in root.find("error").findtext("description")
    root = _xml(_post(client, "xml", lat="abc"), 400)
    assert root.find("error").findtext("code") == "400"
    assert Case.objects.count() == 0


def test_an_idempotent_retry_in_xml(client, tree):
    first = _xml(client.post(f"{BASE}/requests.xml", {"jurisdiction_id": "T0A", "service_code": "roads",
                                                      "description": "Ổ gà"}, HTTP_IDEMPOTENCY_KEY="x-1"))
    again = _xml(client.post(f"{BASE}/requests.xml", {"jurisdiction_id": "T0A", "service_code": "roads",
                                                      "description": "Ổ gà"}, HTTP_IDEMPOTENCY_KEY="x-1"))
    assert first.find("request").findtext("service_request_id") == again.find("request").findtext("service_request_id")
    conflict = _xml(client.post(f"{BASE}/requests.xml", {"jurisdiction_id": "T0A", "service_code": "roads",
                                                         "description": "Khác"}, HTTP_IDEMPOTENCY_KEY="x-1"), 409)
    assert conflict.find("error").findtext("code") == "409"
    assert Case.objects.count() == 1


def test_unknown_and_other_kinds_of_request_look_the_same(client, tree):
    denunciation = file_case(tree["a"], "denunciation")
    unknown = client.get(f"{BASE}/requests/ZZZZZZZZZZ.json")
    other = client.get(f"{BASE}/requests/{denunciation.tracking_code}.json")
    assert unknown.status_code == other.status_code == 404
    assert unknown.json() == other.json()
    root = _xml(client.get(f"{BASE}/requests/{denunciation.tracking_code}.xml"), 404)
    assert root.tag == "errors"


def test_a_throttled_lookup_answers_429_in_xml(client, tree):
    from danchu.core.ratelimit import rate

    for _ in range(rate("lookup_client").limit):
        client.get(f"{BASE}/requests/ZZZZZZZZZZ.xml")
    root = _xml(client.get(f"{BASE}/requests/ZZZZZZZZZZ.xml"), 429)
    assert root.find("error").findtext("code") == "429"


# --- updated_datetime ---------------------------------------------------------------------------------------


def test_updated_datetime_is_the_latest_step(client, tree, officer_a):
    case = file_case(tree["a"], is_public=True)
    _backdate(case)
    before = _one(client, case)
    assert before["updated_datetime"] == before["requested_datetime"]

    services.case_accept(actor=officer_a, case=Case.objects.get(pk=case.pk))
    accepted = _one(client, case)
    accept_at = CaseEvent.objects.get(case=case, action="accepted").at
    assert dt.datetime.fromisoformat(accepted["updated_datetime"]) == accept_at
    assert accepted["updated_datetime"] > before["updated_datetime"]
    assert accepted["requested_datetime"] == before["requested_datetime"]

    CaseEvent.objects.filter(case=case).update(at=timezone.now() - dt.timedelta(hours=1))
    services.case_resolve(actor=officer_a, case=Case.objects.get(pk=case.pk), answer="Đã thay bóng đèn.")
    resolved = _one(client, case)
    assert resolved["status"] == "closed"
    assert dt.datetime.fromisoformat(resolved["updated_datetime"]) == CaseEvent.objects.get(case=case,
                                                                                           action="resolved").at
    assert resolved["updated_datetime"] > accepted["updated_datetime"]
    # The list and the XML say the same.
    listed = client.get(f"{BASE}/requests.json").json()
    assert [x["updated_datetime"] for x in listed] == [resolved["updated_datetime"]]
    xml_one = _xml(client.get(f"{BASE}/requests/{case.tracking_code}.xml")).find("request")
    assert xml_one.findtext("updated_datetime") == resolved["updated_datetime"]


def test_a_step_that_is_not_public_does_not_move_updated_datetime(client, tree, officer_a):
    kept = file_case(tree["a"], title="Đèn hỏng ngõ 5")
    duplicate = file_case(tree["a"], title="Đèn hỏng ngõ 5 (gửi lại)")
    _backdate(kept)
    before = _one(client, kept)["updated_datetime"]
    services.case_merge(actor=officer_a, case=Case.objects.get(pk=duplicate.pk), into=Case.objects.get(pk=kept.pk))
    assert CaseEvent.objects.filter(case=kept, action="merged_in", public=False).exists()
    assert _one(client, kept)["updated_datetime"] == before
    merged = _one(client, duplicate)
    assert merged["status"] == "closed" and merged["updated_datetime"] > merged["requested_datetime"]


# --- date ranges and hostile input --------------------------------------------------------------------------


def test_requests_by_date_range(client, tree):
    old = file_case(tree["a"], is_public=True, title="Cũ")
    Case.objects.filter(pk=old.pk).update(received_at=dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC))
    new = file_case(tree["a"], is_public=True, title="Mới")

    def codes(query):
        r = client.get(f"{BASE}/requests.json?{query}")
        assert r.status_code == 200, r.content
        return [x["service_request_id"] for x in r.json()]

    assert codes("start_date=2026-03-01T00:00:00%2B07:00&end_date=2026-03-31T00:00:00Z") == [old.tracking_code]
    assert codes("end_date=2026-03-31") == [old.tracking_code]
    assert codes(f"start_date={timezone.localdate():%Y-%m-%d}") == [new.tracking_code]
    assert codes("") == [new.tracking_code, old.tracking_code]


@pytest.mark.parametrize("query", [
    "start_date=yesterday", "start_date=2026-02-30", "start_date=2026-13-01T00:00:00Z", "end_date=99999-01-01",
    "start_date=0001-01-01T00:00:00%2B14:00", "end_date=9999-12-31T23:59:59-23:59", "start_date=1e400",
    "start_date=99999999999999999999", "start_date=2026-01-01T25:00:00",
    "start_date=2026-01-01&end_date=2025-12-31", "start_date=2026-01-01&end_date=2026-06-01",
])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_dates_are_a_400_in_the_asked_format(client, tree, query, fmt):
    file_case(tree["a"], is_public=True)
    r = client.get(f"{BASE}/requests.{fmt}?{query}")
    assert r.status_code == 400, r.content
    if fmt == "xml":
        root = _xml(r, 400)
        assert root.find("error").findtext("code") == "400" and root.find("error").findtext("description")
    else:
        assert r.json()[0]["code"] == 400 and r.json()[0]["description"]


@pytest.mark.parametrize("url", [
    "/services/%00.xml", "/services/roads%00.json", "/requests/%00.xml", "/requests.xml?service_request_id=%00",
    "/requests.xml?status=%00", "/requests.xml?start_date=%00", "/services.xml?jurisdiction_id=%00",
])
def test_nul_bytes_are_refused_not_a_500(client, tree, url):
    r = client.get(BASE + url)
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_characters"


@pytest.mark.parametrize("url", [
    "/services/99999999999999999999999999999999.json", "/services/99999999999999999999999999999999.xml",
    "/services/" + "x" * 5000 + ".xml", "/requests/99999999999999999999999999999999.xml",
    "/requests/" + "Z" * 5000 + ".json", "/requests/%E2%80%AE%F0%9F%92%A9.xml",
])
def test_huge_and_odd_codes_are_not_found(client, tree, url):
    r = client.get(BASE + url)
    assert r.status_code == 404
    body = ET.fromstring(r.content).find("error").findtext("code") if url.endswith(".xml") else r.json()[0]["code"]
    assert str(body) == "404"


def test_huge_coordinates_and_odd_fields_in_xml_are_refused(client, tree):
    for lat, lon in (("1e400", "105"), ("nan", "105"), ("99999999999999999999", "1")):
        root = _xml(_post(client, "xml", lat=lat, long=lon), 400)
        assert root.find("error").findtext("code") == "400"
    assert Case.objects.count() == 0


def test_wrong_method_is_405_not_a_500(client, tree):
    assert client.post(f"{BASE}/services.xml").status_code == 405
    assert client.delete(f"{BASE}/requests.xml").status_code == 405
    assert client.post(f"{BASE}/services/roads.json").status_code == 405


def test_json_stays_json(client, tree):
    r = client.get(f"{BASE}/services/roads.json")
    assert r["Content-Type"].startswith("application/json")
    assert json.loads(r.content) == {"service_code": "roads", "attributes": []}


def test_the_request_log_keeps_no_tracking_code(client, tree, caplog):
    import logging

    from danchu.core.request_log import JsonFormatter

    case = file_case(tree["a"])
    caplog.set_level(logging.INFO, logger="danchu.request")
    for fmt in ("json", "xml"):
        assert client.get(f"{BASE}/requests/{case.tracking_code}.{fmt}").status_code == 200
    assert client.get(f"{BASE}/services/roads.xml").status_code == 200
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "danchu.request"]
    assert len(lines) == 3
    assert all(case.tracking_code not in line for line in lines)
    assert [json.loads(line)["unit"] for line in lines] == ["", "", ""]  # a service code is no unit either
