class VietnameseFirstMiddleware:
    """Vietnamese unless the person chose English (language cookie or the switch).

    A browser's Accept-Language says what the phone was set up with, not what a commune's
    notice should be read in; Django would otherwise serve English to many Vietnamese phones
    set to English. Placed before LocaleMiddleware, it hides that header so the cookie set by
    the language switch, or else LANGUAGE_CODE ("vi"), decides.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class AccessErrorMiddleware:
    """A page that lets core.access's refusal escape answers as the API does: NotFound → 404 (the
    same page as for an id that does not exist), PermissionDenied → 403. Pages call
    `service.authorize(...)` before showing a form; this is the net under that."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return access_error_page(request, exception)


def access_error_page(request, exception):
    """The page for a refusal that escaped a view: core's NotFound → 404, PermissionDenied → 403, and
    any other DomainError (a user's input the rules refuse, e.g. an out-of-range year) → its status
    with its Vietnamese message — never a 500. None for anything else, and under /api/."""
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
    from django.http import Http404

    from .errors import DomainError, NotFound, PermissionDenied
    from .views import bad_request, page_not_found, permission_denied

    if request.path.startswith("/api/"):
        return None
    if isinstance(exception, NotFound):
        return page_not_found(request, Http404(exception.message))
    if isinstance(exception, PermissionDenied):
        return permission_denied(request, DjangoPermissionDenied(exception.message))
    if isinstance(exception, DomainError):
        return bad_request(request, exception, status=exception.status)
    return None


# --- input: core.inputs and core.uploads applied to every request ---------------------------------------

_JSON_PREFIXES = ("/api/", "/open311/")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def input_error_response(request, error):
    """A refused input: the API's JSON error shape under /api/ and /open311/, else the Vietnamese page."""
    if request.path_info.startswith(_JSON_PREFIXES):
        from django.http import JsonResponse

        return JsonResponse(error.as_dict(), status=error.status, content_type="application/json; charset=utf-8",
                            json_dumps_params={"ensure_ascii": False})
    from .views import bad_request

    return bad_request(request, error, status=error.status)


def _too_large(message: str, message_en: str):
    from .inputs import InputError

    error = InputError("too_large", message, message_en=message_en, field="files")
    error.status = 413
    return error


def _first_bad_value(items, *, multiline: bool = True) -> str | None:
    from .inputs import has_control

    for key, value in items:
        if has_control(key, multiline=False):
            return "?"
        if isinstance(value, str) and has_control(value, multiline=multiline):
            return key
    return None


def request_input_error(request):
    """The InputError for what no view should see in this request (see core.inputs), or None. Reads
    the body (forms, multipart with core.uploads' limits, JSON) so that the view finds it parsed."""
    from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFilesSent
    from django.http.multipartparser import MultiPartParser, MultiPartParserError
    from django.utils.http import parse_header_parameters

    from . import inputs, uploads

    if inputs.has_control(request.path_info, multiline=False):
        return inputs.characters_error("path")
    for name, value in request.META.items():  # RFC 9110 §5.5: no NUL, CR or LF in a header field
        if name.startswith("HTTP_") and isinstance(value, str) and inputs.has_control(value.replace("\t", " "),
                                                                                      multiline=False):
            return inputs.characters_error(name[5:].lower().replace("_", "-"))
    bad = _first_bad_value(request.GET.items())
    if bad:
        return inputs.characters_error(bad)
    if request.method in _SAFE_METHODS:
        return None

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > uploads.request_limit():  # refused without parsing; the body is only discarded
        uploads.discard_body(request)
        refusal = uploads.Refusal(uploads.request_limit())
        return _too_large(refusal.message, refusal.message_en)
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/"):
        _, options = parse_header_parameters(content_type)
        boundary = options.get("boundary")
        if not boundary or not MultiPartParser.boundary_re.fullmatch(boundary):
            return inputs.InputError(
                "multipart_invalid",
                "Dữ liệu gửi lên (multipart/form-data) thiếu hoặc sai “boundary” trong tiêu đề Content-Type; "
                "hãy để trình duyệt hoặc thư viện HTTP tự tạo tiêu đề này.",
                message_en="multipart/form-data without a valid boundary in Content-Type: let the browser or "
                           "the HTTP library build this header.",
            )
    if request.method != "POST" and not request.path_info.startswith(_JSON_PREFIXES):
        return None
    try:
        if request.method == "POST" and request.content_type in ("multipart/form-data",
                                                                 "application/x-www-form-urlencoded"):
            post, files = request.POST, request.FILES
            refusal = uploads.refusal_of(request)
            if refusal is not None:
                uploads.discard_body(request)
                return _too_large(refusal.message, refusal.message_en)
            bad = _first_bad_value(post.items())
            if bad:
                return inputs.characters_error(bad)
            for _field, upload in files.items():
                if inputs.has_control(upload.name or "", multiline=False):
                    return inputs.characters_error("files")
            return None
        raw = request.body
    except TooManyFilesSent:
        from django.conf import settings

        return inputs.InputError("too_many_files",
                                 f"Gửi quá nhiều tệp trong một lần: tối đa {settings.DATA_UPLOAD_MAX_NUMBER_FILES} tệp.",
                                 message_en="Too many files in one request.", field="files")
    except RequestDataTooBig:
        return _too_large("Dữ liệu gửi lên quá lớn.", "Request too large.")
    except MultiPartParserError:
        return inputs.InputError("multipart_invalid", "Dữ liệu gửi lên (multipart/form-data) bị hỏng, không đọc được.",
                                 message_en="The multipart/form-data body is malformed.")
    except SuspiciousOperation:
        return None  # Django's own answer (400) follows when the view reads it
    if not raw or not (request.content_type.endswith("json") or request.path_info.startswith(_JSON_PREFIXES)):
        return None
    try:
        data = inputs.json_loads(raw)
    except inputs.NonFiniteNumber:
        return inputs.number_error()
    except ValueError:  # not JSON, or not UTF-8: the view answers as before (422 invalid_input)
        return None
    bad = inputs.first_control(data)
    return inputs.characters_error(bad) if bad else None


class InputGuardMiddleware:
    """core.inputs for every request, pages and API alike: control characters in the path, headers,
    query, form or JSON values → 400 `invalid_characters`; NaN/Infinity in a JSON body → 400
    `invalid_number`; multipart without a boundary → 400 `multipart_invalid`; an upload over
    core.uploads' limits → 413 `too_large` (nothing read into memory, nothing saved).

    Placed before SessionMiddleware: a cookie holding a control character (no browser sends one) is
    dropped before the session or CSRF code looks it up in the database. The checks themselves run in
    `process_view`, after every middleware's request phase (language, user, CSP nonce) and before the
    CSRF check reads the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .inputs import has_control

        for name in [n for n, v in request.COOKIES.items() if has_control(n + v, multiline=False)]:
            del request.COOKIES[name]
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        error = request_input_error(request)
        return input_error_response(request, error) if error is not None else None


class AtomicWriteMiddleware:
    """A write request (POST, PUT, PATCH, DELETE) runs its view in one transaction that is rolled back
    when the answer is a server error (5xx) or an exception escapes: the error page's "nothing was
    saved" is then true even when the failure comes after a service's write (building the answer,
    a second service). Last in MIDDLEWARE: the body has been read (InputGuardMiddleware) and the CSRF
    check done before the transaction — on SQLite an IMMEDIATE transaction holds the write lock — so
    it spans the view alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.db import transaction

        if request.method in _SAFE_METHODS:
            return None
        try:
            with transaction.atomic():
                response = view_func(request, *view_args, **view_kwargs)
                if response is None:
                    raise ValueError(f"The view {getattr(view_func, '__qualname__', view_func)} returned None.")
                if callable(getattr(response, "render", None)):
                    response = response.render()  # a template error rolls back too
                if response.status_code >= 500:
                    transaction.set_rollback(True)
        except Exception as exc:
            # Rolled back. Django's exception middleware is skipped for an exception raised here, so the
            # page refusals AccessErrorMiddleware would have answered are answered here; anything else
            # goes on to Django's handlers (404, 403, 400, or the 500 page).
            page = access_error_page(request, exc)
            if page is None:
                raise
            return page
        return response


# --- HEAD: answered as GET, without the body ------------------------------------------------------------

class HeadAsGetMiddleware:
    """HEAD is answered wherever GET is: the same status and headers, no body (RFC 9110 §9.3.2).

    Django's `require_GET` and `require_http_methods([...])` on the pages, and django-ninja's GET
    operations under /api/, allow "GET" and nothing else, so a HEAD from a link checker, a monitor
    or a cache got 405. The request is run as a GET (so a view that accepts only POST still answers
    405) and the body dropped; Content-Length stays the length of the GET's body. Placed right
    after the request log, which therefore still records the method as HEAD.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []  # a FileResponse's file is still closed with the response
        else:
            if "Content-Length" not in response:
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
