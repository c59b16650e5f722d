"""What every API operation promises beyond its own declaration: the errors it can answer, and JSON bodies only.

Applied once to every operation of the API when ninja binds its routers (`DanchuAPI`), so the
OpenAPI document and the running API cannot drift apart, and no app has to copy the list:

- The error responses an operation can give are added to its documented responses, each with the
  one error body (`ErrorOut`: code, message, message_en, field?, details?). An app's own
  declaration for a status is kept.
- An operation that reads a JSON body refuses any other media type with 415 (RFC 9110 §15.5.16),
  before its body is read. A browser sends text/plain, form-encoded or multipart bodies to another
  site without a CORS preflight; a JSON-only endpoint cannot be driven by such a form, even where it
  takes the session cookie without a CSRF token (operations open to anonymous callers).
  Multipart upload operations (File/Form parameters) are not JSON operations and are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from danchu.units.schemas import ErrorOut

from .errors import error_body

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.operation import Operation

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

UNSUPPORTED_MEDIA_TYPE = (
    "unsupported_media_type",
    "Nội dung gửi lên phải là JSON (Content-Type: application/json).",
    "The request body must be JSON (Content-Type: application/json).",
)


def body_sources(operation: Operation) -> set[str]:
    """Where the operation reads its input from the request body: "body" (JSON), "form", "file"."""
    return {m.__ninja_param_source__ for m in operation.models} & {"body", "form", "file"}


def reads_json(operation: Operation) -> bool:
    sources = body_sources(operation)
    return "body" in sources and not sources & {"form", "file"}


def error_statuses(operation: Operation) -> set[int]:
    """The error statuses this operation can answer, by what it reads and who may call it."""
    methods = set(operation.methods)
    statuses = {
        400,  # a malformed request: bytes no text may hold, a refused domain rule (DomainError)
        404,  # an unknown record or unit, or one outside the caller's scope (never revealed)
        422,  # parameters or body of the wrong shape (invalid_input)
        429,  # rate limits (core.ratelimit, RFC 6585 §4)
    }
    if operation.auth_callbacks or methods & UNSAFE_METHODS:
        statuses |= {401, 403}  # no or bad credentials; a right the caller lacks; CSRF on a session
    if methods & UNSAFE_METHODS:
        statuses.add(409)  # the write conflicts with the record's state or an earlier request
    if body_sources(operation):
        statuses.add(413)  # larger than DATA_UPLOAD_MAX_MEMORY_SIZE or the upload limit
    if reads_json(operation):
        statuses.add(415)  # not JSON (see below)
    return statuses


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def json_body_refused(request) -> bool:
    """True if the request carries a body that does not say it is JSON.

    No Content-Type and no body is left to the operation (an optional body may be omitted)."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type:
        return not _is_json(content_type)
    return bool(request.body)


def _enforce_json(api: NinjaAPI, operation: Operation) -> None:
    checks = operation._run_checks  # authentication and throttles: who asks is answered first

    def run_checks(request):
        refused = checks(request)
        if refused is not None:
            return refused
        if json_body_refused(request):
            return api.create_response(request, error_body(*UNSUPPORTED_MEDIA_TYPE), status=415)
        return None

    operation._run_checks = run_checks


def apply(api: NinjaAPI, operation: Operation) -> None:
    for status in sorted(error_statuses(operation)):
        if status not in operation.response_models:
            operation.response_models[status] = operation._create_response_model(ErrorOut)
    if reads_json(operation):
        _enforce_json(api, operation)


def apply_to_all(api: NinjaAPI, bound_routers) -> None:
    for bound in bound_routers:
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                apply(api, operation)
