"""Stable error codes of the oversight app (asserted by name in tests, returned by the API)."""

from enum import StrEnum


class Code(StrEnum):
    INVALID = "invalid"
    UNIT_INVALID = "unit_invalid"
    TERM_INVALID = "term_invalid"
    TERM_OVERLAP = "term_overlap"
    COMPOSITION = "composition_invalid"
    SEAT_INVALID = "seat_invalid"
    NOT_ELIGIBLE = "member_not_eligible"
    BY_ELECTION_LATE = "by_election_too_late"
    MEMBER_OUT_OF_TERM = "member_out_of_term"
    BOARD_OUT_OF_TERM = "board_out_of_term"
    TEAM_REQUIRED = "team_required"
    CONTENT_REQUIRED = "content_required"
    DATE_ORDER = "date_order"
    DATE_FUTURE = "date_in_future"
    NOT_HELD = "not_held_yet"
    ADDRESSEE_REQUIRED = "addressee_required"
    DEADLINE_REQUIRED = "deadline_required"
    DEADLINE_TOO_LATE = "deadline_beyond_law"
    ANSWER_REQUIRED = "answer_required"
    REASON_REQUIRED = "reason_required"
    STATE = "wrong_state"
    FUNDING_MISMATCH = "funding_mismatch"
    DOCUMENT_REQUIRED = "criticism_document_required"
