from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User


def normalize_phone(value: str) -> str:
    """"+84 912 345 678" / "0912.345.678" → "0912345678" (Vietnamese numbers stored with a leading 0)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    q = Q(username__iexact=identifier)
    if "@" in identifier:
        q |= Q(email__iexact=identifier)
    phone = normalize_phone(identifier)
    if len(phone) >= 9 and phone.isdigit():
        q |= Q(phone=phone)
    return User.objects.filter(q).order_by("id").first()


class PhoneEmailUsernameBackend(ModelBackend):
    """Sign in with a phone number, an e-mail address or a username, and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same cost as a real check: do not reveal which accounts exist
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
