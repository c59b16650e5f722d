"""API schemas for units and households. Public unit data; household data kept minimal.

The error body lives here too, as the lowest app with an API: accounts uses it, and apps may
not import the `danchu.api` package above them (core/tests/test_layout.py).
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema


class ErrorDetail(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    """Every API error: a stable `code` to branch on, a Vietnamese `message` to show, English second."""

    code: str
    message: str
    message_en: str | None = None
    field: str | None = None
    details: list[ErrorDetail] | None = None


# The errors a private operation can answer, for the OpenAPI document.
PRIVATE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    division_type: str
    parent_code: str | None = None
    is_former: bool
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    # For a former unit: the current units that took it over (following chains of mergers).
    successors: list[UnitRef] = []

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_successors(obj) -> list:
        # Filled in by the API in one batch per page (units.api), never one query per row.
        return getattr(obj, "api_successors", [])


class UnitDetailOut(UnitOut):
    ancestors: list[UnitRef]  # from the province down to the parent
    children_count: int  # current children (hamlets of a commune, communes of a province)
    predecessors: list[UnitRef]  # former units merged into this one

    @staticmethod
    def resolve_ancestors(obj) -> list:
        return obj.api_ancestors

    @staticmethod
    def resolve_children_count(obj) -> int:
        return obj.api_children_count

    @staticmethod
    def resolve_predecessors(obj) -> list:
        return obj.api_predecessors


class HouseholdOut(Schema):
    """A household in a list: no identity numbers, no residents' names except the representative."""

    code: str
    address: str
    hamlet_code: str
    representative_name: str | None = None
    residents_count: int
    left_on: dt.date | None = None  # moved away: kept on record, no longer current

    @staticmethod
    def resolve_hamlet_code(obj) -> str:
        return obj.hamlet.code

    @staticmethod
    def resolve_representative_name(obj) -> str | None:
        return obj.representative.full_name if obj.representative_id else None

    @staticmethod
    def resolve_residents_count(obj) -> int:
        return len(obj.residents.all())  # prefetched by the selector


class HamletIn(Schema):
    name: str = Field(..., min_length=1, max_length=150, description="Tên thôn/tổ dân phố, ví dụ “Thôn Đông”")
    division_type: str = Field("thôn", max_length=30, description="thôn, tổ dân phố, ấp, bản, buôn, …")


class ImportRejection(Schema):
    row: int  # as numbered in Excel
    column: str
    code: str
    reason: str
    value: str | None = None


class HouseholdImportOut(Schema):
    id: int
    hamlet_code: str
    filename: str
    rows_total: int
    households_created: int
    households_updated: int
    residents_created: int
    residents_updated: int
    rows_unchanged: int
    rejected: list[ImportRejection]
    created_at: dt.datetime

    @staticmethod
    def resolve_hamlet_code(obj) -> str:
        return obj.hamlet.code
