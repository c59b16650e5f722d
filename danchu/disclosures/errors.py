"""Stable error codes of the disclosures app (asserted by name in tests, returned by the API)."""

from enum import StrEnum


class Code(StrEnum):
    TITLE_REQUIRED = "title_required"
    CATEGORY_SCOPE = "category_not_for_unit"
    UNIT_FORMER = "unit_former"
    ORGANIZATION_UNIT = "organization_not_in_unit"
    CHANNEL_NOT_ALLOWED = "channel_not_allowed"
    CHANNEL_REQUIRED = "channel_required"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_EMPTY = "attachment_empty"
    ATTACHMENT_TYPE = "attachment_type_not_allowed"
    ATTACHMENT_MISMATCH = "attachment_content_mismatch"
    ATTACHMENT_COUNT = "too_many_attachments"
    PEOPLE_NOT_ALLOWED = "person_list_not_allowed"
    PERSON_DATA = "person_data_not_allowed"
    NOT_DRAFT = "not_draft"
    NOT_PUBLISHED = "not_published"
    ALREADY_WITHDRAWN = "already_withdrawn"
    REASON_REQUIRED = "reason_required"
    QUESTION_EMPTY = "question_empty"
    EMAIL_INVALID = "email_invalid"
    INVALID = "invalid"
