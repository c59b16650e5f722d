"""Stable error codes of the dialogues app (asserted by name in tests, returned by the API)."""

from enum import StrEnum


class Code(StrEnum):
    INVALID = "invalid"
    UNIT_INVALID = "unit_invalid"
    LEADER_INVALID = "leader_role_invalid"
    REQUIRED = "field_required"
    DATE_PAST = "date_in_past"
    DATE_FUTURE = "date_in_future"
    STATE = "wrong_state"
    CLOSED_FOR_QUESTIONS = "questions_closed"
    CONTACT_REQUIRED = "contact_required"
    DUPLICATE_QUESTION = "duplicate_question"
    ANSWER_BEFORE_DIALOGUE = "answer_before_dialogue"
    NOT_HELD = "dialogue_not_held"
    DUE_BEFORE_DIALOGUE = "due_before_dialogue"
    QUESTION_OTHER_DIALOGUE = "question_of_other_dialogue"
    ALREADY_DONE = "commitment_done"
    DAY_EXISTS = "reception_day_exists"
    AD_HOC_REASON = "ad_hoc_reason_required"
    DAY_NOT_HELD = "reception_day_not_held"
    CASE_INTAKE_UNAVAILABLE = "case_intake_unavailable"
    THROTTLED = "throttled"
