"""The HTTP API at /api/v1/: one router per app, errors as JSON with a Vietnamese message and a stable code."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from danchu.core.errors import DomainError

from .auth import BearerTokenAuth, SessionAuthCsrf

api = NinjaAPI(
    title="danchu API",
    version="1.0.0",
    description="API của nền tảng thực hiện dân chủ ở cơ sở (Luật 10/2022/QH15). "
    "Xác thực: Bearer token (POST /api/v1/auth/token) hoặc phiên đăng nhập trình duyệt.",
    urls_namespace="api-1.0.0",
    auth=[BearerTokenAuth(), SessionAuthCsrf()],
)


def _error(request, status: int, code: str, message: str, message_en: str = "", **extra):
    body = {"code": code, "message": message}
    if message_en:
        body["message_en"] = message_en
    body.update(extra)
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    details = [{"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")} for e in exc.errors]
    return _error(request, 422, "invalid_input", "Dữ liệu gửi lên không hợp lệ.", "Invalid input.", details=details)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return _error(request, 401, "unauthenticated", "Cần đăng nhập hoặc token hợp lệ.", "Authentication required.")


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", "Không tìm thấy.", "Not found.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc), str(exc))


@api.exception_handler(Exception)
def unexpected(request, exc):
    import logging

    logging.getLogger("danchu.api").exception("unexpected API error")
    return _error(request, 500, "server_error", "Lỗi hệ thống, thao tác chưa được ghi nhận.", "Server error.")


from danchu.accounts.api import router as accounts_router  # noqa: E402
from danchu.units.api import router as units_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/units", units_router)
