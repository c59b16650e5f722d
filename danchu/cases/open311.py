"""Open311 GeoReport v2 at /open311/v2/ for feedback (phản ánh), so existing civic-issue clients
can file and follow it: services, services/{code} (the service definition), POST requests,
GET requests and GET requests/{id} — each as `.json` or `.xml`, the two formats of the spec.

A service is a feedback category (models.Category); `jurisdiction_id` is the commune's code;
`service_request_id` is the case's non-enumerable tracking code. GET requests without ids
lists only feedback the filer allowed to be public; lookups by id are rate-limited like the
tracking page. Names, e-mails and phones go into the encrypted identity and are never returned.
`updated_datetime` is the time of the request's latest public step. Errors follow the spec: a
list of {code, description} in JSON, `<errors><error><code/><description/></error></errors>` in XML.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core import inputs, ratelimit
from danchu.core.clients import client_address
from danchu.core.errors import DomainError, NotFound
from danchu.units.selectors import unit_get

from . import services
from .models import Case, Category, Kind
from .selectors import open311_public, open311_request, throttle_lookup

app_name = "open311"

# GeoReport v2 names each element of a list after the list: <services><service>…</service></services>.
_ITEM_TAGS = {"services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
              "values": "value"}
# The longest range GET requests may ask for (GeoReport v2: start_date and end_date "may not span
# more than 90 days").
MAX_RANGE_DAYS = 90


def _xml_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    # What XML 1.0 cannot hold is dropped (text stored before the input checks existed); ElementTree
    # escapes the rest (&, <, >).
    return inputs.xml_safe(str(value))


def _xml_element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_xml_element(key, child))
    elif isinstance(value, list):
        for child in value:
            element.append(_xml_element(_ITEM_TAGS[tag], child))
    else:
        element.text = _xml_text(value)
    return element


def _xml(root: str, data, status: int = 200) -> HttpResponse:
    body = ET.tostring(_xml_element(root, data), encoding="unicode")
    return HttpResponse(f'<?xml version="1.0" encoding="utf-8"?>\n{body}'.encode(), status=status,
                        content_type="application/xml; charset=utf-8")


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """`data` in the asked format; `root` names the XML document element (JSON has none)."""
    return _xml(root, data, status) if fmt == "xml" else _json(data, status)


def _error(status: int, description: str, fmt: str = "json") -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": description}], status)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _request_out(case: Case) -> dict:
    closed = not case.is_open
    notes = case.answer or case.refusal_ground or (f"Đã chuyển đến {case.transferred_to}: {case.transfer_reason}"
                                                   if case.transferred_to else "")
    return {
        "service_request_id": case.tracking_code,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": case.get_category_display(),
        "service_code": case.category,
        "description": case.body,
        "agency_responsible": case.unit.name,
        "service_notice": "",
        "requested_datetime": _iso(case.received_at),
        "updated_datetime": _iso(max(t for t in (case.received_at, getattr(case, "updated_at", None)) if t)),
        "expected_datetime": case.next_due.isoformat() if case.next_due else None,
        "address": case.location,
        # A NaN or infinity stored before the intake refused them would make the whole list invalid JSON.
        "lat": inputs.finite_or_none(case.lat),
        "long": inputs.finite_or_none(case.lon),
    }


def _service(value: str, label: str) -> dict:
    return {"service_code": value, "service_name": label, "description": label, "metadata": False, "type": "realtime",
            "keywords": "", "group": "phan-anh"}


@require_GET
def services_list(request, fmt: str):
    return _respond(fmt, "services", [_service(value, label) for value, label in Category.choices])


@require_GET
def service_definition(request, service_code: str, fmt: str):
    """A service's extra fields: none, every category files with the standard fields (its list entry
    says `metadata: false`), so a known code answers an empty definition."""
    if service_code not in Category.values:
        return _error(404, "Không có dịch vụ (service_code) này; xem services.json.", fmt)
    return _respond(fmt, "service_definition", {"service_code": service_code, "attributes": []})


def _float(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except ValueError:
        raise DomainError("invalid", "Tọa độ không hợp lệ.", message_en="Invalid coordinates.") from None


def _datetime(value: str | None, field: str) -> dt.datetime | None:
    """A w3c date-time ("2026-11-20T08:00:00+07:00", also a date or a time without offset, read in
    Vietnam's time), within the years core.inputs accepts."""
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = dt.datetime.combine(day, dt.time.min)
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        parsed = None
    if parsed is None:
        raise DomainError("invalid_parameter", f"{field} không phải ngày giờ hợp lệ (ví dụ 2026-11-20T08:00:00+07:00).",
                          message_en=f"{field} is not a valid date-time.", field=field)
    inputs.date_bounded(parsed.date(), field=field)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date_range(request) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = _datetime(request.GET.get("start_date"), "start_date")
    end = _datetime(request.GET.get("end_date"), "end_date")
    if start and end:
        if end < start:
            raise DomainError("invalid_parameter", "end_date không được trước start_date.",
                              message_en="end_date is before start_date.", field="end_date")
        if end - start > dt.timedelta(days=MAX_RANGE_DAYS):
            raise DomainError("invalid_parameter", f"Khoảng start_date–end_date tối đa {MAX_RANGE_DAYS} ngày.",
                              message_en=f"start_date to end_date may span {MAX_RANGE_DAYS} days at most.",
                              field="end_date")
    return start, end


def _requests_list(request, fmt: str) -> HttpResponse:
    ids = [c for c in request.GET.get("service_request_id", "").split(",") if c.strip()]
    try:
        start, end = _date_range(request)
        if ids:
            throttle_lookup(client=client_address(request))
    except DomainError as exc:
        return _error(exc.status, exc.message, fmt)
    rows = open311_public(codes=ids or None, start=start, end=end)
    status = request.GET.get("status")
    if status in ("open", "closed"):
        rows = [c for c in rows if (c.is_open == (status == "open"))]
    if request.GET.get("service_code"):
        rows = [c for c in rows if c.category in request.GET["service_code"].split(",")]
    return _respond(fmt, "service_requests", [_request_out(c) for c in rows])


def _request_create(request, fmt: str) -> HttpResponse:
    p = request.POST
    if p.get("service_code") not in Category.values:
        return _error(400, f"service_code không hợp lệ (xem services.{fmt}).", fmt)
    try:
        unit = unit_get(code=p.get("jurisdiction_id", ""))
    except NotFound:
        return _error(400, "jurisdiction_id phải là mã xã, phường nhận phản ánh.", fmt)
    description = p.get("description", "").strip()
    name = " ".join(x for x in (p.get("first_name", "").strip(), p.get("last_name", "").strip()) if x)
    try:
        ratelimit.anonymous_submission(user=None, client=client_address(request), scope="cases", unit_code=unit.code)
    except DomainError as exc:
        return _error(429, exc.message, fmt)
    try:
        case, _ = services.case_submit(
            user=None, unit=unit, kind=Kind.FEEDBACK, channel="open311", category=p["service_code"],
            title=(description.splitlines()[0] if description else "")[:120], body=description,
            location=p.get("address_string", "").strip(), lat=_float(p.get("lat")), lon=_float(p.get("long")),
            identity=services.Identity(full_name=name, phone=p.get("phone", ""), email=p.get("email", "")),
            idempotency_key=request.headers.get("Idempotency-Key") or None, client=client_address(request),
        )
    except DomainError as exc:
        return _error(exc.status if exc.status == 409 else 400, exc.message, fmt)  # 409: the key, another content
    return _respond(fmt, "service_requests", [{"service_request_id": case.tracking_code,
                                               "service_notice": "Đã tiếp nhận phản ánh.", "account_id": None}])


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_view(request, fmt: str):
    return _requests_list(request, fmt) if request.method == "GET" else _request_create(request, fmt)


@require_GET
def request_view(request, service_request_id: str, fmt: str):
    try:
        throttle_lookup(client=client_address(request))
        case = open311_request(code=service_request_id)
    except DomainError as exc:
        return _error(429 if exc.code == "throttled" else 404, exc.message, fmt)
    return _respond(fmt, "service_requests", [_request_out(case)])


# The path parameters are not named `code`: the request log (core.request_log) records a `code` as the
# unit's, and a tracking code opens the filer's case.
urlpatterns = [
    path("services.json", services_list, {"fmt": "json"}, name="services"),
    path("services.xml", services_list, {"fmt": "xml"}, name="services-xml"),
    path("services/<str:service_code>.json", service_definition, {"fmt": "json"}, name="service"),
    path("services/<str:service_code>.xml", service_definition, {"fmt": "xml"}, name="service-xml"),
    path("requests.json", requests_view, {"fmt": "json"}, name="requests"),
    path("requests.xml", requests_view, {"fmt": "xml"}, name="requests-xml"),
    path("requests/<str:service_request_id>.json", request_view, {"fmt": "json"}, name="request"),
    path("requests/<str:service_request_id>.xml", request_view, {"fmt": "xml"}, name="request-xml"),
]
