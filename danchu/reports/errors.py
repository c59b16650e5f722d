from enum import StrEnum


class Code(StrEnum):
    PERIOD_INVALID = "period_invalid"
    PERIOD_REVERSED = "period_reversed"
    PERIOD_TOO_LONG = "period_too_long"
    INDICATOR_UNKNOWN = "indicator_unknown"
    FORMAT_UNKNOWN = "format_unknown"
    DRAFT_ISSUED = "draft_issued"
    EXPORT_NOT_READY = "export_not_ready"
    INVALID = "invalid"
