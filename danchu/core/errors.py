"""Domain errors: every service raises these for a user's mistake, never a 500.

Each carries a stable `code` (asserted by name in tests, returned by the API) and a
Vietnamese message (English second, for the API's `message_en`).
"""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A user's request that the rules refuse. Pages show `message`; the API maps `code`."""

    status = 400

    def __init__(self, code: str, message: str, *, message_en: str = "", field: str | None = None, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_en = message_en
        self.field = field
        self.details = details or []

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.message_en:
            data["message_en"] = self.message_en
        if self.field:
            data["field"] = self.field
        if self.details:
            data["details"] = self.details
        return data


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", **kw):
        kw.setdefault("message_en", "You are not allowed to do this.")
        super().__init__("permission_denied", message, **kw)


class NotFound(DomainError):
    """Also used for objects outside the user's scope: the answer never reveals that they exist."""

    status = 404

    def __init__(self, message: str = "Không tìm thấy.", **kw):
        kw.setdefault("message_en", "Not found.")
        super().__init__("not_found", message, **kw)


def from_validation_error(exc: ValidationError, code: str = "invalid") -> DomainError:
    """Turn Django's model validation (full_clean) into a domain error with field details."""
    details = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for err in errors:
                details.append({"field": field, "message": " ".join(err.messages)})
    else:
        details = [{"field": None, "message": m} for m in exc.messages]
    message = "; ".join(d["message"] if not d["field"] else f"{d['field']}: {d['message']}" for d in details)
    return DomainError(code, message or "Dữ liệu không hợp lệ.", message_en="Invalid data.", details=details)
