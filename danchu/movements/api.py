"""“Dân vận khéo” API: the public registry of a unit, and registering a model (same services as the pages)."""

import datetime as dt

from ninja import Router, Schema, Status

from danchu.core import inputs
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import unit_get

from . import services
from .selectors import practices_of

router = Router(tags=["movements"])


class PracticeIn(Schema):
    unit: str
    title: str
    field: str
    description: str
    started_on: dt.date
    results: str = ""


class PracticeOut(Schema):
    id: int
    unit: str
    title: str
    field: str
    description: str
    started_on: dt.date
    results: str
    status: str
    recognized_level: str
    recognized_on: dt.date | None
    recognition_ref: str


def _out(p) -> dict:
    return {"id": p.pk, "unit": p.unit.code, "title": p.title, "field": p.field, "description": p.description,
            "started_on": p.started_on, "results": p.results, "status": p.status,
            "recognized_level": p.recognized_level, "recognized_on": p.recognized_on,
            "recognition_ref": p.recognition_ref}


@router.get("/good-practices", response={200: list[PracticeOut], 404: ErrorOut}, auth=None,
            summary="Mô hình “Dân vận khéo” của đơn vị và cấp dưới")
def practice_list(request, unit: str, q: str = "", field: str = "", limit: int = 100, offset: int = 0):
    qs = practices_of(unit=unit_get(code=unit), q=q[:200], field=field)
    limit, offset = max(1, min(limit, 200)), inputs.offset(offset)
    return [_out(p) for p in qs[offset:offset + limit]]


@router.post("/good-practices", response={201: PracticeOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Đăng ký mô hình “Dân vận khéo”")
def practice_create(request, payload: PracticeIn):
    data = payload.dict()
    unit = unit_get(code=data.pop("unit"))
    return Status(201, _out(services.practice_register(user=request.auth, unit=unit, **data)))
