from ninja.security import APIKeyCookie, HttpBearer

from danchu.accounts.services import api_token_user, second_factor_required


class BearerTokenAuth(HttpBearer):
    """Machines: `Authorization: Bearer <token>` from POST /api/v1/auth/token. No CSRF (no cookie)."""

    def authenticate(self, request, token):
        user = api_token_user(key=token)
        if user is not None:
            request.user = user
        return user


class SessionAuthCsrf(APIKeyCookie):
    """The browser: Django's session cookie, with CSRF checked on unsafe methods."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def _get_key(self, request):
        # Without a signed-in session there is nothing for CSRF to protect: answer 401
        # (unauthenticated), not 403 "CSRF failed". With one, unsafe methods need the token.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # The sign-in middleware lets /api/ through; an official who must use a second factor
        # but has not verified one in this session gets no API access through the session.
        if not _verified(user) and second_factor_required(user=user):
            return None
        return user


def _verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified and is_verified())
