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
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
        from django.http import Http404

        from .errors import NotFound, PermissionDenied
        from .views import page_not_found, permission_denied

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404(exception.message))
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, DjangoPermissionDenied(exception.message))
        return None
