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
