from django.shortcuts import redirect
from django.urls import reverse

from .services import second_factor_required

_ALLOWED_PREFIXES = ("/static/", "/i18n/", "/api/")


class SecondFactorMiddleware:
    """When a deployment requires 2FA for officials, an official signed in without a verified
    second factor can reach only the security page (to set it up) and sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            allowed = (reverse("accounts:security"), reverse("accounts:logout"))
            path = request.path
            if not path.startswith(_ALLOWED_PREFIXES) and path not in allowed and second_factor_required(user=user):
                return redirect("accounts:security")
        return self.get_response(request)
