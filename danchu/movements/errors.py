from enum import StrEnum


class Code(StrEnum):
    INVALID = "invalid"
    LEVEL_NOT_ALLOWED = "level_not_allowed"
    ALREADY_RECOGNIZED = "already_recognized"
    NOT_FOUND = "not_found"
