"""Open311 GeoReport v2 at /open311/v2/ for feedback (phản ánh), so existing civic-issue clients
can file and follow it: services.json, POST requests.json, GET requests.json, GET requests/{id}.json.

A service is a feedback category (models.Category); `jurisdiction_id` is the commune's code;
`service_request_id` is the case's non-enumerable tracking code. GET requests.json without ids
lists only feedback the filer allowed to be public; lookups by id are rate-limited like the
tracking page. Names, e-mails and phones go into the encrypted identity and are never returned.
Errors follow the spec: a list of {code, description}.
"""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core import inputs, ratelimit
from danchu.core.clients import client_address
from danchu.core.errors import DomainError, NotFound
from danchu.units.selectors import unit_get

from . import services
from .models import Case, Category, Kind
from .selectors import case_track, open311_public, throttle_lookup

app_name = "open311"


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status)


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
        "updated_datetime": _iso(case.received_at),
        "expected_datetime": case.next_due.isoformat() if case.next_due else None,
        "address": case.location,
        # A NaN or infinity stored before the intake refused them would make the whole list invalid JSON.
        "lat": inputs.finite_or_none(case.lat),
        "long": inputs.finite_or_none(case.lon),
    }


@require_GET
def services_json(request):
    return _json([
        {"service_code": value, "service_name": label, "description": label, "metadata": False, "type": "realtime",
         "keywords": "", "group": "phan-anh"}
        for value, label in Category.choices
    ])


def _float(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except ValueError:
        raise DomainError("invalid", "Tọa độ không hợp lệ.", message_en="Invalid coordinates.") from None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_json(request):
    if request.method == "GET":
        ids = [c for c in request.GET.get("service_request_id", "").split(",") if c.strip()]
        if ids:
            try:
                throttle_lookup(client=client_address(request))
            except DomainError as exc:
                return _error(429, exc.message)
        rows = open311_public(codes=ids or None)
        status = request.GET.get("status")
        if status in ("open", "closed"):
            rows = [c for c in rows if (c.is_open == (status == "open"))]
        if request.GET.get("service_code"):
            rows = [c for c in rows if c.category in request.GET["service_code"].split(",")]
        return _json([_request_out(c) for c in rows])
    p = request.POST
    if p.get("service_code") not in Category.values:
        return _error(400, "service_code không hợp lệ (xem services.json).")
    try:
        unit = unit_get(code=p.get("jurisdiction_id", ""))
    except NotFound:
        return _error(400, "jurisdiction_id phải là mã xã, phường nhận phản ánh.")
    description = p.get("description", "").strip()
    name = " ".join(x for x in (p.get("first_name", "").strip(), p.get("last_name", "").strip()) if x)
    try:
        ratelimit.anonymous_submission(user=None, client=client_address(request), scope="cases", unit_code=unit.code)
    except DomainError as exc:
        return _error(429, exc.message)
    try:
        case, _ = services.case_submit(
            user=None, unit=unit, kind=Kind.FEEDBACK, channel="open311", category=p["service_code"],
            title=(description.splitlines()[0] if description else "")[:120], body=description,
            location=p.get("address_string", "").strip(), lat=_float(p.get("lat")), lon=_float(p.get("long")),
            identity=services.Identity(full_name=name, phone=p.get("phone", ""), email=p.get("email", "")),
            idempotency_key=request.headers.get("Idempotency-Key") or None, client=client_address(request),
        )
    except DomainError as exc:
        return _error(exc.status if exc.status == 409 else 400, exc.message)  # 409: the key, another content
    return _json([{"service_request_id": case.tracking_code, "service_notice": "Đã tiếp nhận phản ánh.",
                   "account_id": None}])


@require_GET
def request_json(request, code: str):
    try:
        throttle_lookup(client=client_address(request))
        case = case_track(code=code)
    except DomainError as exc:
        return _error(429 if exc.code == "throttled" else 404, exc.message)
    if case.kind not in (Kind.FEEDBACK, Kind.RECOMMENDATION):
        return _error(404, "Không tìm thấy.")
    return _json([_request_out(case)])


urlpatterns = [
    path("services.json", services_json, name="services"),
    path("requests.json", requests_json, name="requests"),
    path("requests/<str:code>.json", request_json, name="request"),
]
