from ninja.security import APIKeyCookie, HttpBearer

from danchu.accounts.services import api_token_user


class BearerTokenAuth(HttpBearer):
    """Machines: `Authorization: Bearer <token>` from POST /api/v1/auth/token."""

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

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None
