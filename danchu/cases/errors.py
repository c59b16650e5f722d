"""Stable error codes of the cases app (asserted by name in tests, returned by the API)."""

from enum import StrEnum


class Code(StrEnum):
    INVALID = "invalid"
    KIND = "kind_invalid"
    CONTENT_REQUIRED = "content_required"
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
    TOO_MANY_FILES = "too_many_files"
    MERGE_TARGET = "merge_target_invalid"
    EXTENSIONS = "no_extension_left"
    THROTTLED = "throttled"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
