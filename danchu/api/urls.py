"""The HTTP API at /api/v1/: one router per app, errors as JSON with a Vietnamese message and a stable code.

Every answer under /api/v1/ is JSON, errors included: {code, message, message_en?, field?,
details?}. A user's mistake never gives a 500: bad JSON, wrong types and missing fields are
422 "invalid_input"; unknown paths 404 "not_found"; wrong methods 405 "method_not_allowed".

Scoping: anything private of a unit (households, grants) outside the caller's scope answers
404 "not_found", exactly as for a unit that does not exist, so the answer reveals nothing.
Inside their scope, a caller who lacks the specific right gets 403 "permission_denied".

Auth: `Authorization: Bearer <token>` (no CSRF needed) or the browser session (unsafe methods
need the X-CSRFToken header).
"""

import functools
import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from danchu.core.errors import DomainError

from . import contract
from .auth import BearerTokenAuth, SessionAuthCsrf
from .docs import LocalSwagger, docs_asset
from .errors import error_body, json_error, not_found

logger = logging.getLogger("danchu.api")

DESCRIPTION = """API của nền tảng thực hiện dân chủ ở cơ sở (Luật 10/2022/QH15).

**Xác thực:** `Authorization: Bearer <token>` (lấy token bằng POST /api/v1/auth/token; không cần CSRF)
hoặc phiên đăng nhập của trình duyệt (các lệnh ghi cần header `X-CSRFToken`).

**Lỗi** luôn là JSON `{code, message, message_en?, field?, details?}`: dữ liệu gửi lên sai → 422
`invalid_input`; không tìm thấy → 404 `not_found`; chưa đăng nhập → 401 `unauthenticated`.

**Phạm vi:** dữ liệu nội bộ của một đơn vị (hộ gia đình, phân quyền) nằm ngoài phạm vi của bạn trả về
404 như một đơn vị không tồn tại; trong phạm vi nhưng thiếu quyền cụ thể → 403 `permission_denied`.

*English:* bearer token (no CSRF) or browser session (CSRF header on writes). Errors are JSON with a
stable `code`. Private data of a unit outside your scope answers 404, as for an unknown unit; inside
your scope without the specific right, 403.
"""


def _json_method_not_allowed(view):
    """Ninja answers a wrong method with a plain-text 405; keep the Allow header, answer JSON."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = json_error(405, "method_not_allowed", "Phương thức HTTP không được hỗ trợ ở địa chỉ này.",
                                  "Method not allowed.", allowed=allowed.split(", ") if allowed else None)
            response["Allow"] = allowed
        return response

    return wrapped


@csrf_exempt
def _unknown_path(request, *args, **kwargs):
    return not_found()


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese as UTF-8 text, not \u escapes


class DanchuAPI(NinjaAPI):
    _contract_applied = False

    def _get_bound_routers(self):
        # Once, when ninja binds the routers (for the URLs or the OpenAPI document, whichever first).
        routers = super()._get_bound_routers()
        if not self._contract_applied:
            self._contract_applied = True
            contract.apply_to_all(self, routers)
        return routers

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # The document only changes with the code: built once per prefix, not on every request to
        # /api/v1/openapi.json (building it takes seconds, and the URL is open to anyone).
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_openapi_documents", {})
        if path_prefix not in cache:
            cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return cache[path_prefix]

    def _index(self, request, **kwargs):
        """/api/v1/ itself: where the documentation is (ninja's own answer is an HTML 404)."""
        return JsonResponse(
            {"title": self.title, "version": self.version, "docs": f"{request.path}docs",
             "openapi": f"{request.path}openapi.json"},
            json_dumps_params={"ensure_ascii": False},
        )

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if pattern.name == "api-root":
                pattern.callback = self._index
            pattern.callback = _json_method_not_allowed(pattern.callback)
        return [
            *urls,
            path("docs/assets/<str:name>", docs_asset, name="docs-asset"),
            re_path(r"^.*$", _unknown_path, name="unknown"),
        ]


api = DanchuAPI(
    title="danchu API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-1.0.0",
    auth=[BearerTokenAuth(), SessionAuthCsrf()],
    docs=LocalSwagger(),
    renderer=Renderer(),
)


def _error(request, status: int, code: str, message: str, message_en: str = "", **extra):
    return api.create_response(request, error_body(code, message, message_en, **extra), status=status)


def _invalid_input(request, details=None):
    return _error(request, 422, "invalid_input", "Dữ liệu gửi lên không hợp lệ.", "Invalid input.", details=details)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _field(loc) -> str:
    # ("body", "payload", "username") → "username"; ("query", "level") → "level"
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    details = [{"field": _field(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    return _invalid_input(request, details)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return _error(request, 401, "unauthenticated", "Cần đăng nhập hoặc token hợp lệ.", "Authentication required.")


@api.exception_handler(Http404)
def http404(request, exc):
    return _error(request, 404, "not_found", "Không tìm thấy.", "Not found.")


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc):
    if isinstance(exc, RequestDataTooBig):
        return _error(request, 413, "too_large", "Dữ liệu gửi lên quá lớn.", "Request too large.")
    return _error(request, 400, "bad_request", "Yêu cầu không hợp lệ.", "Bad request.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    cause = exc.__cause__
    if isinstance(cause, RequestDataTooBig):
        return suspicious(request, cause)
    if exc.status_code == 400 and isinstance(cause, ValueError):
        # Ninja's "Cannot parse request body": malformed JSON or a body that is not JSON.
        return _invalid_input(request, [{"field": "", "message": "Nội dung không phải JSON hợp lệ (invalid JSON)."}])
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _error(request, 403, "csrf_failed", "Thiếu hoặc sai mã CSRF (X-CSRFToken) cho phiên đăng nhập.",
                      "CSRF check failed: send the X-CSRFToken header with session auth.")
    if exc.status_code == 429:
        return _error(request, 429, "throttled", "Quá nhiều yêu cầu. Vui lòng thử lại sau.", "Too many requests.")
    return _error(request, exc.status_code, "http_error", str(exc), str(exc))


@api.exception_handler(Exception)
def unexpected(request, exc):
    logger.exception("unexpected API error")
    return _error(request, 500, "server_error", "Lỗi hệ thống, thao tác chưa được ghi nhận.", "Server error.")


from danchu.accounts.api import router as accounts_router  # noqa: E402
from danchu.units.api import router as units_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/units", units_router)
from danchu.disclosures.api import router as disclosures_router  # noqa: E402

api.add_router("/", disclosures_router)
from danchu.decisions.api import router as decisions_router  # noqa: E402

api.add_router("/", decisions_router)
from danchu.cases.api import router as cases_router  # noqa: E402

api.add_router("/", cases_router)
from danchu.dialogues.api import router as dialogues_router  # noqa: E402

api.add_router("/", dialogues_router)
from danchu.oversight.api import router as oversight_router  # noqa: E402

api.add_router("/", oversight_router)
from danchu.consultations.api import router as consultations_router  # noqa: E402

api.add_router("/", consultations_router)
from danchu.movements.api import router as movements_router  # noqa: E402

api.add_router("/", movements_router)
from danchu.reports.api import router as reports_router  # noqa: E402

api.add_router("/", reports_router)
