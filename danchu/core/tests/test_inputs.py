"""Input no page or operation may turn into a 500 (core.inputs, core.middleware.InputGuardMiddleware):
control characters, NaN and infinities, out-of-range years, dates, pages and offsets, a multipart body
without a boundary — refused with a clear 400 (the Vietnamese page, or the API's JSON error), nothing
written. Run on SQLite and PostgreSQL (which refuses NUL in text outright)."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from django.urls import reverse

from danchu.accounts.services import api_token_create
from danchu.cases.models import Case
from danchu.core import inputs
from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent
from danchu.disclosures.models import Attachment, Disclosure, DisclosureQuestion
from danchu.units.models import Household, HouseholdImport, Unit

JSON = "application/json; charset=utf-8"


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


def _counts() -> tuple:
    return (Case.objects.count(), Disclosure.objects.count(), Attachment.objects.count(),
            DisclosureQuestion.objects.count(), Household.objects.count(), HouseholdImport.objects.count(),
            Unit.objects.count(), AuditEvent.objects.count())


def _api_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == JSON
    body = response.json()
    assert body["code"] == code and body["message"] and body["message_en"]
    return body


def _page_error(response, status: int, text: str) -> None:
    assert response.status_code == status, response.content[:300]
    html = response.content.decode()
    assert "<html" in html and text in html


# --- the helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["NaN", "[Infinity]", '{"a": -Infinity}', '{"lat": 1e400}', '{"x": [1, {"y": NaN}]}'])
def test_json_loads_refuses_what_json_does_not_allow(raw):
    with pytest.raises(inputs.NonFiniteNumber):
        inputs.json_loads(raw)


def test_json_loads_reads_ordinary_json():
    assert inputs.json_loads('{"a": [1, 2.5, -3e5, "Bình Lục"], "b": null}') == {"a": [1, 2.5, -3e5, "Bình Lục"],
                                                                               "b": None}


@pytest.mark.parametrize(("lat", "lon"), [("nan", "105"), ("20", "1e400"), ("inf", "-inf"), (91, 105), (20, 181),
                                          (20, None), (None, 105.0), ("abc", "1")])
def test_coordinates_refused(lat, lon):
    with pytest.raises(inputs.InputError) as err:
        inputs.coordinates(lat, lon)
    assert err.value.code in {"invalid_number", "invalid_coordinates"} and err.value.status == 400


def test_coordinates_accepted():
    assert inputs.coordinates("20.5", "105.9") == (20.5, 105.9)
    assert inputs.coordinates(-90, 180) == (-90.0, 180.0)
    assert inputs.coordinates(None, "") == (None, None)


def test_bounds():
    assert inputs.year("2026") == 2026 and inputs.year("") is None
    for bad in ("99999", "-1", "0", "1899", "2101", "x"):
        with pytest.raises(inputs.InputError):
            inputs.year(bad)
    assert inputs.page_number(None) == 1 and inputs.page_number("7") == 7
    for bad in ("0", "-3", "99999999999999999999", str(inputs.MAX_PAGE + 1), "x"):
        with pytest.raises(inputs.InputError):
            inputs.page_number(bad)
    assert inputs.offset(-5) == 0 and inputs.offset(40) == 40
    with pytest.raises(inputs.InputError):
        inputs.offset(10**20)
    with pytest.raises(inputs.InputError):
        inputs.date_range(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    with pytest.raises(inputs.InputError):
        inputs.date_range(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    assert inputs.date_range(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_controls_and_xml():
    assert inputs.has_control("a\x00b") and inputs.has_control("\x13") and inputs.has_control("\ud800")
    assert not inputs.has_control("Thôn Đồng Quê\tdòng\r\nhai")
    assert inputs.has_control("a\nb", multiline=False)
    assert inputs.xml_safe("Thôn\x13 Hạ\x00\ufffe") == "Thôn Hạ" and inputs.xml_safe(5) == 5
    assert inputs.first_control({"a": ["ok", {"b\x01": 1}]}) == "a.1.b\x01"
    assert inputs.first_control({"a": ["ok", "x\x00"]}) == "a.1"
    assert inputs.first_control({"a": ["ok\n", "\t"]}) is None


def test_local_time():
    on = dt.date(2026, 3, 5)
    assert inputs.local_time(dt.time(9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), on=on) == dt.time(9, 0)
    assert inputs.local_time(dt.time(2, 0, tzinfo=dt.UTC), on=on) == dt.time(9, 0)
    assert inputs.local_time(dt.time(9, 0), on=on) == dt.time(9, 0)
    with pytest.raises(inputs.InputError):  # 20:00 at UTC−5 is 08:00 the next day in Vietnam
        inputs.local_time(dt.time(20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), on=on)


# --- control characters in paths and query strings -----------------------------------------------------


@pytest.mark.parametrize("url", ["/u/?q=a%00b", "/u/?q=%00", "/u/T0A/cong-khai/?q=%00", "/u/T0A/cong-khai/?category=%00",
                                 "/u/T0A/dan-van-kheo/?q=a%00b", "/cong-khai/?q=%13x", "/u/a%00b/", "/u/%13/cong-khai/",
                                 "/u/?q%00=x"])
def test_a_page_refuses_control_characters_with_the_vietnamese_page(client, tree, url):
    _page_error(client.get(url), 400, "ký tự điều khiển")


@pytest.mark.parametrize("url", ["/api/v1/units?q=%00", "/api/v1/units?q=a%00b", "/api/v1/units/%00",
                                 "/api/v1/disclosures?category=%00", "/api/v1/dialogues?unit=T0A&status=%00",
                                 "/api/v1/good-practices?unit=T0A&q=%00", "/open311/v2/requests.json?service_request_id=%00",
                                 "/open311/v2/requests/%00.json"])
def test_the_api_refuses_control_characters_with_its_json_error(client, tree, url):
    _api_error(client.get(url), 400, "invalid_characters")


def test_private_lists_refuse_control_characters(client, tree, officer_a):
    headers = _bearer(officer_a)
    for url in ("/api/v1/units/T0A/households?q=%00", "/api/v1/cases?unit=T0A&q=a%00b"):
        _api_error(client.get(url, **headers), 400, "invalid_characters")
    client.force_login(officer_a)
    for url in ("/quan-ly/T0A/ho-gia-dinh/?q=%00", "/quan-ly/T0A/ho-so/?q=%00"):
        _page_error(client.get(url), 400, "ký tự điều khiển")


def test_tab_and_line_breaks_in_a_search_are_spaces(client, tree):
    assert client.get("/u/?q=b%C3%ACnh%09l%E1%BB%A5c%0A").status_code == 200


def test_a_header_with_a_control_character_is_refused(client, tree):
    _api_error(client.get("/api/v1/units", HTTP_IDEMPOTENCY_KEY="a\x00b"), 400, "invalid_characters")


def test_a_cookie_with_a_control_character_is_ignored(client, tree):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/u/?q=binh").status_code == 200


# --- bodies: forms, JSON, multipart --------------------------------------------------------------------


def test_a_form_value_with_nul_is_refused_and_nothing_is_saved(client, tree):
    before = _counts()
    r = client.post(reverse("cases:new", args=["T0A"]), {"kind": "feedback", "title": "Đèn\x00 hỏng", "body": "x"})
    _page_error(r, 400, "ký tự điều khiển")
    assert _counts() == before


def test_a_json_string_with_a_control_character_is_refused(client, tree):
    before = _counts()
    body = {"unit": "T0A", "kind": "feedback", "title": "Đèn hỏng", "body": "Ngõ 3\x13"}
    r = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert _api_error(r, 400, "invalid_characters")["field"] == "body"
    assert _counts() == before
    escaped = json.dumps({**body, "body": "Ngõ 3"}).replace("Ng", "\\ud800Ng")  # a lone surrogate
    _api_error(client.post("/api/v1/cases", escaped, content_type="application/json"), 400, "invalid_characters")
    assert _counts() == before


def test_a_json_string_with_tabs_and_line_breaks_is_accepted(client, tree):
    body = {"unit": "T0A", "kind": "feedback", "title": "Đèn hỏng", "body": "Ngõ 3\n\tthôn Đồng Quê\r\n"}
    assert client.post("/api/v1/cases", json.dumps(body), content_type="application/json").status_code == 201


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_refused_in_json(client, tree, number):
    before = _counts()
    raw = '{"unit": "T0A", "kind": "feedback", "title": "Đèn hỏng", "body": "x", "lat": NUMBER, "lon": 105.9}'
    raw = raw.replace("NUMBER", number)
    _api_error(client.post("/api/v1/cases", raw, content_type="application/json"), 400, "invalid_number")
    assert _counts() == before


def test_nan_is_refused_anywhere_in_a_json_body(client, tree):
    """RFC 8259 §6: not JSON at all — refused before any schema reads the body, even where the schema
    would ignore the field."""
    before = _counts()
    raw = '{"unit": "T0A", "kind": "feedback", "title": "Đèn hỏng", "body": "x", "extra": [1, {"x": NaN}]}'
    _api_error(client.post("/api/v1/cases", raw, content_type="application/json"), 400, "invalid_number")
    assert _counts() == before


@pytest.mark.parametrize(("lat", "lon"), [(91, 105.9), (20.5, -181), (20.5, None)])
def test_coordinates_out_of_range_are_refused_by_the_cases_api(client, tree, lat, lon):
    before = _counts()
    body = {"unit": "T0A", "kind": "feedback", "title": "Đèn hỏng", "body": "x", "lat": lat, "lon": lon}
    _api_error(client.post("/api/v1/cases", json.dumps(body), content_type="application/json"), 400,
               "invalid_coordinates")
    assert _counts() == before


@pytest.mark.parametrize(("lat", "lon"), [("nan", "105.9"), ("20.5", "1e400"), ("inf", "inf"), ("999", "999")])
def test_open311_refuses_bad_coordinates(client, tree, lat, lon):
    before = _counts()
    r = client.post("/open311/v2/requests.json", {"jurisdiction_id": "T0A", "service_code": "lighting",
                                                  "description": "Đèn đường tắt", "lat": lat, "long": lon})
    assert r.status_code == 400 and r.json()[0]["code"] == 400  # Open311's own error shape
    assert r.json()[0]["description"].startswith(("Tọa độ không hợp lệ", "Số không hợp lệ"))
    assert _counts() == before


def test_open311_list_stays_valid_json_over_a_stored_nan(client, tree):
    r = client.post("/open311/v2/requests.json", {"jurisdiction_id": "T0A", "service_code": "lighting",
                                                  "description": "Đèn đường tắt", "lat": "20.5", "long": "105.9"})
    assert r.status_code == 200
    Case.objects.update(lat=math.nan, lon=math.inf, is_public=True)  # as stored before the intake refused them
    listed = client.get("/open311/v2/requests.json")
    assert listed.status_code == 200
    rows = json.loads(listed.content, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert rows and rows[0]["lat"] is None and rows[0]["long"] is None


def _upload_urls(tree, officer_a):
    from danchu.disclosures.tests.factories import published

    d = published(officer_a, tree["a"])
    return [
        ("api", f"/api/v1/disclosures/{d.pk}/attachments"),
        ("api", "/api/v1/units/T0A-01/households/import"),
        ("api", "/api/v1/oversight/inspections/1/documents"),
        ("api", "/api/v1/oversight/recommendations/1/documents"),
        ("page", reverse("cases:new", args=["T0A"])),
        ("page", reverse("decisions:minutes_scan", args=[1])),
        ("page", reverse("units:household_import", args=["T0A-01"])),
        ("page", reverse("disclosures:new", args=["T0A"])),
        ("page", reverse("cases:officer_new", args=["T0A"])),
    ]


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary=", 'multipart/form-data; boundary="a b\x7f"'])
def test_multipart_without_a_boundary_is_400_on_every_upload(client, tree, officer_a, content_type):
    urls = _upload_urls(tree, officer_a)
    headers = _bearer(officer_a)
    client.force_login(officer_a)
    before = _counts()
    for kind, url in urls:
        r = client.generic("POST", url, b"--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n",
                           content_type=content_type, **(headers if kind == "api" else {}))
        if kind == "api":
            _api_error(r, 400, "multipart_invalid")
        else:
            _page_error(r, 400, "boundary")
    assert _counts() == before


# --- years, dates, pages, offsets, periods ---------------------------------------------------------------


@pytest.mark.parametrize(("url", "code"), [
    ("/api/v1/disclosures?year=99999", "invalid_parameter"),
    ("/api/v1/disclosures?year=-1", "invalid_parameter"),
    ("/api/v1/good-practices?unit=T0A&offset=99999999999999999999", "invalid_parameter"),
    ("/api/v1/reception/days?unit=T0A&start=0001-01-01&end=9999-12-31", "invalid_parameter"),
])
def test_public_api_bounds(client, tree, url, code):
    _api_error(client.get(url), 400, code)


@pytest.mark.parametrize("url", ["/api/v1/units?page=99999999999999999999", "/api/v1/disclosures?page=99999999999999999999",
                                 "/api/v1/units?page=0"])
def test_api_pagination_is_bounded(client, tree, url):
    r = client.get(url)
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert r.json()["details"][0]["field"] == "page"


def test_private_api_bounds(client, tree, officer_a):
    headers = _bearer(officer_a)
    for url in ("/api/v1/cases?unit=T0A&offset=99999999999999999999",
                "/api/v1/cases/indicators?unit=T0A&start=0001-01-01&end=9999-12-31"):
        _api_error(client.get(url, **headers), 400, "invalid_parameter")
    r = client.get("/api/v1/units/T0A/households?page=99999999999999999999", **headers)
    assert r.status_code == 422


def test_consultation_pages_are_bounded(client, tree, officer_a):
    from danchu.consultations.tests.factories import consultation

    c = consultation(officer_a, tree["a"])
    _api_error(client.get(f"/api/v1/consultations/{c.pk}/opinions?page=99999999999999999999"), 400, "invalid_parameter")
    _page_error(client.get(f"/gop-y/{c.pk}/?trang=99999999999999999999"), 400, "Số trang không hợp lệ")
    assert client.get(f"/gop-y/{c.pk}/?phan=99999999999999999999").status_code == 404
    assert client.get(f"/gop-y/{c.pk}/?trang=2").status_code == 200


def test_reception_month_page_is_bounded(client, tree):
    _page_error(client.get("/u/T0A/tiep-cong-dan/?thang=9999-12"), 400, "Năm không hợp lệ")
    assert client.get("/u/T0A/tiep-cong-dan/?thang=2026-12").status_code == 200


def test_case_indicators_page_is_bounded(client, tree, officer_a):
    client.force_login(officer_a)
    url = reverse("cases:indicators", args=["T0A"])
    _page_error(client.get(url + "?year=9999"), 400, "Ngày không hợp lệ")
    assert client.get(url + "?year=2026").status_code == 200


@pytest.mark.parametrize("period", ["99999", "0001", "9999", "0001-Q1", "9999-12", "0001-01-01..0001-12-31"])
def test_report_periods_out_of_range_are_400(client, tree, chair_a, period):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role

    member = UserFactory()
    grant(member, Role.STEERING_MEMBER, unit=tree["a"])
    client.force_login(member)
    for fmt in ("xlsx", "docx"):
        r = client.get(reverse("reports:download", args=["T0A", fmt]) + f"?ky={period}")
        assert r.status_code == 400, (fmt, period)
        assert "Kỳ báo cáo" in r.content.decode()
    r = client.get(f"/api/v1/reports/figures?unit=T0A&period={period}", **_bearer(member))
    assert _api_error(r, 400, "period_invalid")


def test_a_punctuation_only_search_lists_nothing(client, tree, officer_a):
    from danchu.disclosures.tests.factories import published

    published(officer_a, tree["a"])
    for q in ("%26", "%26%26", "...", "%22%27"):
        r = client.get(f"/u/T0A/cong-khai/?q={q}")
        assert r.status_code == 200 and r.context["page"].paginator.count == 0
        assert client.get(f"/cong-khai/?q={q}").status_code == 200
        assert client.get(f"/api/v1/disclosures?unit=T0A&q={q}").json()["count"] == 0


def test_a_punctuation_only_search_of_an_organization(client, tree):
    from danchu.accounts.tests.factories import UserFactory, grant
    from danchu.core.roles import Role
    from danchu.units.tests.factories import OrganizationFactory

    org = OrganizationFactory(unit=tree["a"], name="Công ty May")
    head = UserFactory()
    grant(head, Role.ORG_HEAD, organization=org)
    client.force_login(head)
    assert client.get(f"/to-chuc/{org.pk}/cong-khai/?q=%26").status_code == 200


@pytest.mark.parametrize(("typed", "stored"), [
    ("0912345678", "0912345678"), ("0912 345 678", "0912345678"), ("0912.345.678", "0912345678"),
    ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"), ("(024) 3825 1234", "02438251234"), ("", ""),
])
def test_phone_numbers_are_stored_normalised(typed, stored):
    assert inputs.phone(typed) == stored


@pytest.mark.parametrize("typed", ["12ab", "091234567", "0912345678901", "1912345678", "٠٩١٢٣٤٥٦٧٨", "0٩١٢٣٤٥٦٧٨", "+1 202 555 0100"])
def test_bad_phone_numbers_are_refused(typed):
    with pytest.raises(DomainError) as exc:
        inputs.phone(typed, field="asker_phone")
    assert exc.value.code == "phone_invalid" and exc.value.field == "asker_phone"
    assert "Số điện thoại" in exc.value.message


@pytest.mark.parametrize(("typed", "ok"), [("001095012345", True), ("001 095 012 345", True), ("123456789", True),
                                          ("12345", False), ("00109501234X", False), ("0010950123456", False),
                                          ("١٢٣٤٥٦٧٨٩", False)])
def test_identity_numbers(typed, ok):
    if ok:
        assert inputs.identity_number(typed) == typed.replace(" ", "")
    else:
        with pytest.raises(DomainError) as exc:
            inputs.identity_number(typed)
        assert exc.value.code == "id_number_invalid"
