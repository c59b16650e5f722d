"""Stable error codes of the decisions app (asserted by name in tests, returned by the API)."""

from enum import StrEnum


class Code(StrEnum):
    TITLE_REQUIRED = "title_required"
    SCOPE_INVALID = "scope_invalid"
    KIND_SCOPE = "kind_needs_one_hamlet"
    FORM_NOT_ALLOWED = "form_not_allowed"
    ONLINE_AGREEMENT = "online_agreement_missing"
    OPTIONS_INVALID = "options_invalid"
    NOT_DRAFT = "not_draft"
    NOT_OPEN = "not_open"
    ALREADY_CLOSED = "already_closed"
    NO_HOUSEHOLDS = "no_households"
    CHANNEL_NOT_USED = "channel_not_used"
    NOT_ELIGIBLE = "household_not_eligible"
    UNKNOWN_HOUSEHOLD = "unknown_household"
    BAD_CHOICE = "choice_invalid"
    ENTRY_EXISTS = "entry_exists"
    NO_MISMATCH = "nothing_to_reconcile"
    PAPER_PENDING = "paper_ballots_pending"
    NOT_ADOPTED = "not_adopted"
    RECOGNITION_NOT_PENDING = "recognition_not_pending"
    REASON_REQUIRED = "reason_required"
    CONVENTION_STATE = "convention_state"
    NOT_CLOSED = "matter_not_closed"
    MEETING_NOT_STARTED = "meeting_not_started"
