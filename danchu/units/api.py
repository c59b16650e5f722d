"""Units API: public search and detail of administrative units; private, scoped households and hamlets.

A private operation finds its unit with `scoped_unit` and then goes through the declared rule of
its selector or service (core.access): outside the caller's scope 404, the very answer for an
unknown unit — never data; inside it without the right 403. Also `Pagination`, which every router
uses (apps may not import the `danchu.api` package above them).
"""

from django.conf import settings
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from danchu.core.errors import NotFound
from danchu.core.inputs import MAX_PAGE
from danchu.core.text import fold

from .models import Level, Unit
from .schemas import (
    PRIVATE_ERRORS,
    ErrorOut,
    HamletIn,
    HouseholdImportOut,
    HouseholdOut,
    UnitDetailOut,
    UnitOut,
)
from .selectors import (
    household_list,
    unit_ancestors,
    unit_children,
    unit_get,
    unit_predecessors,
    unit_search,
    unit_successors,
    unit_successors_many,
)
from .services.hamlets import hamlet_create
from .services.households import households_import

router = Router(tags=["units"])


def scoped_unit(*, code: str) -> Unit:
    """The unit named by a private operation. An unknown code answers core's plain NotFound, the
    same body core.access answers outside the caller's scope, so that probing codes tells nothing;
    the operation's declared rule decides the rest."""
    try:
        return unit_get(code=code)
    except NotFound:
        raise NotFound() from None


class Pagination(PageNumberPagination):
    """`?page=1&page_size=20` (at most 100); answers {items, count}. The page is bounded (core.inputs)
    so that a huge number is refused (422) instead of overflowing the database's OFFSET."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)

    def __init__(self, page_size: int = 20, max_page_size: int = 100, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)



class UnitPagination(Pagination):
    """Page of units with their successors attached in one batch."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page["items"])
        successors = unit_successors_many(units=items)
        for unit in items:
            unit.api_successors = successors.get(unit.pk, [])
        page["items"] = items
        return page


@router.get("", response={200: list[UnitOut], 404: ErrorOut, 422: ErrorOut}, auth=None, summary="Tìm đơn vị hành chính")
@paginate(UnitPagination)
def units_search(request, q: str = "", level: Level | None = None, parent: str | None = None,
                 include_former: bool | None = None):
    """Search units by name, ignoring diacritics and case ("binh luc" = "Bình Lục"). Public.

    Without `q` only today's units are listed (after the 2025 reorganisation: 34 provinces and
    their communes); a name search (`q`) also finds former units (districts, merged communes),
    marked `is_former` with their current `successors`, as the search page does.
    `include_former=true` lists former units without a search too, `include_former=false` hides
    them from a search. `parent` is a unit code: only units below it.
    """
    parent_unit = unit_get(code=parent) if parent else None
    if include_former is None:
        include_former = bool(fold(q).split())
    return unit_search(q=q, level=level, parent=parent_unit, include_former=include_former)


@router.get("/{code}", response={200: UnitDetailOut, 404: ErrorOut}, auth=None, summary="Chi tiết đơn vị hành chính")
def unit_detail(request, code: str):
    """A unit with its ancestors, number of current children, predecessors and successors. Public."""
    unit = unit_get(code=code)
    unit.api_successors = unit_successors(unit=unit) if unit.is_former else []
    unit.api_ancestors = unit_ancestors(unit=unit)
    unit.api_children_count = unit_children(unit=unit).count()
    unit.api_predecessors = list(unit_predecessors(unit=unit))
    return unit


@router.get("/{code}/households", response={200: list[HouseholdOut], **PRIVATE_ERRORS}, summary="Hộ gia đình của đơn vị")
@paginate(Pagination)
def unit_households(request, code: str, q: str = ""):
    """Households of a hamlet or commune (search by resident name or household code).

    Needs the right to view households there; outside one's scope the unit answers 404. No
    identity numbers and no residents' names other than the household representative.
    """
    return household_list(user=request.auth, unit=scoped_unit(code=code), q=q)


@router.post("/{code}/households/import", response={201: HouseholdImportOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Nhập sổ hộ gia đình của thôn")
def unit_households_import(request, code: str, file: File[UploadedFile]):
    """Import a hamlet's household register from a CSV or XLSX file (multipart field `file`).

    Good rows are imported and bad rows listed in `rejected`, in one transaction; re-importing
    the same file changes nothing. 400 with a stable code when the file cannot be read
    ("file_too_large", "file_empty", "file_format_unsupported", …) or `code` is not a hamlet.
    """
    unit = scoped_unit(code=code)
    households_import.authorize(actor=request.auth, hamlet=unit)  # before reading the upload
    # Read at most one byte past the limit: the service refuses it with its own message.
    data = file.read(settings.DANCHU_MAX_UPLOAD_BYTES + 1)
    imp = households_import(actor=request.auth, hamlet=unit, file_bytes=data, filename=file.name or "")
    return Status(201, imp)


@router.post("/{code}/hamlets", response={201: UnitOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Thêm thôn, tổ dân phố")
def unit_hamlet_create(request, code: str, payload: HamletIn):
    """Add a hamlet (thôn, tổ dân phố, …) to a current commune; its name must be new in the commune.
    404 outside the caller's scope, 403 inside it without the right to manage hamlets."""
    hamlet = hamlet_create(actor=request.auth, commune=scoped_unit(code=code), name=payload.name,
                           division_type=payload.division_type)
    return Status(201, hamlet)
