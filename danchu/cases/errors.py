"""Stable error codes of the cases app (asserted by name in tests, returned by the API)."""

from enum import StrEnum

from danchu.core.errors import DomainError


class Code(StrEnum):
    INVALID = "invalid"
    KIND = "kind_invalid"
    CONTENT_REQUIRED = "content_required"
    CONTENT_TOO_LONG = "content_too_long"
    IDENTITY_REQUIRED = "identity_required"
    SUBJECT_REQUIRED = "subject_required"
    DATE_FUTURE = "date_in_future"
    UNIT_INVALID = "unit_invalid"
    TRANSFER_TARGET = "transfer_target_invalid"
    REASON_REQUIRED = "reason_required"
    GROUND_REQUIRED = "legal_ground_required"
    ANSWER_REQUIRED = "answer_required"
    STATE = "wrong_state"
    SUSPENDED = "suspended"
    NOT_IN_FORCE = "rule_not_in_force"
    TOO_MANY_FILES = "too_many_files"
    MERGE_TARGET = "merge_target_invalid"
    EXTENSIONS = "no_extension_left"
    THROTTLED = "throttled"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"


class IdempotencyConflict(DomainError):
    """The same idempotency key, from the same filer, with another content: nothing is written and
    the first case is not disclosed (HTTP 409, RFC 9110 §15.5.10)."""

    status = 409

    def __init__(self):
        super().__init__(
            Code.IDEMPOTENCY_CONFLICT,
            "Mã chống gửi trùng (Idempotency-Key) này đã được dùng để gửi một nội dung khác. Hồ sơ chưa được "
            "ghi nhận: hãy gửi lại với một mã mới.",
            message_en="This idempotency key was already used for a different content; nothing was recorded. "
                       "Send again with a new key.",
            field="idempotency_key")
