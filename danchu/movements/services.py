"""Writes on “Dân vận khéo” models: register, update results, add evidence, evaluate, recognize.

Every write declares its rule (core.access.guard) on the model's unit — a model registered for an
organization is still the commune's and the Front's business (the movement is not an organization's
internal democracy), so `on` names the unit, never the organization. Then one transaction, an audit
row, a DomainError with a Vietnamese message on bad input.

Evaluation and recognition act at a level: the commune's (its chair, a Steering Committee member
above it), the province's (the province's Steering Committee, on the province) or the central one.
There is no national unit in the tree and no role records central-level results: the action
`CENTRAL_EVALUATE` is held by no role, so only the platform's operators pass it (core.access, the
one place a superuser is special).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from danchu.core.access import guard
from danchu.core.attachments import check_upload
from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.core.roles import Action
from danchu.core.text import fold

from .errors import Code
from .models import Evaluation, Evidence, Field, GoodPractice, Level, Rating, Status
from .transparency import log as log_public

MAX_EVIDENCE = 10
# Central-level evaluation and recognition: an action no role holds (core.roles), so that only the
# platform's operators record it. See the module's docstring.
CENTRAL_EVALUATE = "movements.evaluate_central"


def _bad(message: str, field: str | None = None, en: str = "Invalid input.") -> DomainError:
    return DomainError(Code.INVALID, message, message_en=en, field=field)


def _search_text(p: GoodPractice) -> str:
    return fold(" ".join([p.title, p.description, p.results]))


def _practice_unit(args: dict):
    """A model's unit: where every write on it acts (its organization does not make it the organization's)."""
    practice = args.get("practice")
    return practice.unit if practice is not None else None


# "Dân vận khéo" (a Party emulation movement, reported with grassroots democracy): the commune and the Front register the
# models of their area and keep them up to date.
@guard(Action.MOVEMENT_MANAGE, on="unit")
def practice_register(*, user, unit, title: str, field: str, description: str, started_on: dt.date,
                      results: str = "", organization=None) -> GoodPractice:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise _bad("Hãy nhập tên mô hình.", "title")
    if field not in Field.values:
        raise _bad("Lĩnh vực không hợp lệ.", "field")
    if not description:
        raise _bad("Hãy mô tả nội dung, cách làm của mô hình.", "description")
    if started_on is None or started_on > timezone.localdate():
        raise _bad("Ngày bắt đầu thực hiện không được sau hôm nay.", "started_on")
    if organization is not None and not organization.unit.path.startswith(unit.path):
        raise _bad("Cơ quan, đơn vị không thuộc địa bàn này.", "organization")
    with transaction.atomic():
        p = GoodPractice(unit=unit, organization=organization, unit_path=unit.path, province_code=unit.province_code,
                         title=title[:250], field=field, description=description, started_on=started_on,
                         results=(results or "").strip(), created_by=user if user.is_authenticated else None)
        p.search_text = _search_text(p)
        p.full_clean(exclude=["created_by", "organization", "unit"])
        p.save()
        audit(actor=user, action="movements.register", obj=p, unit_path=unit.path)
        log_public(p, "movements.register")
    return p


@guard(Action.MOVEMENT_MANAGE, on=_practice_unit)
def practice_update_results(*, user, practice: GoodPractice, results: str) -> GoodPractice:
    if not (results or "").strip():
        raise _bad("Hãy nhập kết quả đạt được.", "results")
    with transaction.atomic():
        practice.results = results.strip()
        practice.search_text = _search_text(practice)
        practice.save(update_fields=["results", "search_text"])
        audit(actor=user, action="movements.results", obj=practice, unit_path=practice.unit_path)
        log_public(practice, "movements.results")
    return practice


@guard(Action.MOVEMENT_MANAGE, on=_practice_unit)
def practice_add_evidence(*, user, practice: GoodPractice, name: str, content: bytes) -> Evidence:
    checked = check_upload(name=name, content=content)
    if practice.evidence.count() >= MAX_EVIDENCE:
        raise _bad(f"Mỗi mô hình có tối đa {MAX_EVIDENCE} tệp minh chứng.", "files")
    with transaction.atomic():
        ev = Evidence(practice=practice, name=checked.name, kind=checked.kind, content_type=checked.content_type,
                      size=checked.size, sha256=checked.sha256)
        ev.file.save(checked.name, ContentFile(checked.content), save=False)
        ev.save()
        audit(actor=user, action="movements.evidence", obj=practice, unit_path=practice.unit_path, sha256=checked.sha256)
    return ev


def _level_action(args: dict) -> str:
    """Commune and province level: MOVEMENT_EVALUATE; central level: CENTRAL_EVALUATE (no role holds it)."""
    return CENTRAL_EVALUATE if args.get("level") == Level.CENTRAL else Action.MOVEMENT_EVALUATE


def _level_target(args: dict):
    """Where an evaluation or a recognition acts: the model's unit at commune level; its province at
    province and central level (the province's Steering Committee; the central level has no unit)."""
    practice, level = args.get("practice"), args.get("level")
    if practice is None:
        return None
    if level == Level.COMMUNE:
        return practice.unit
    if level in (Level.PROVINCE, Level.CENTRAL):
        from danchu.units.models import Unit

        return Unit.objects.filter(code=practice.province_code).first()
    raise DomainError(Code.LEVEL_NOT_ALLOWED, "Cấp đánh giá không hợp lệ.", message_en="Invalid level.", field="level")


# Each level's evaluators: the commune's (its People's Committee and the Front), the province's Steering Committee.
@guard(_level_action, on=_level_target)
def practice_evaluate(*, user, practice: GoodPractice, level: str, rating: str, evaluated_on: dt.date,
                      note: str = "") -> Evaluation:
    if rating not in Rating.values:
        raise _bad("Xếp loại không hợp lệ.", "rating")
    if evaluated_on is None or evaluated_on < practice.started_on or evaluated_on > timezone.localdate():
        raise _bad("Ngày đánh giá phải từ ngày bắt đầu thực hiện mô hình đến hôm nay.", "evaluated_on")
    with transaction.atomic():
        ev = Evaluation.objects.create(practice=practice, level=level, rating=rating, evaluated_on=evaluated_on,
                                       note=(note or "").strip(), evaluator=user)
        audit(actor=user, action="movements.evaluate", obj=practice, unit_path=practice.unit_path, level=level,
              rating=rating)
        log_public(practice, "movements.evaluate")
    return ev


@guard(_level_action, on=_level_target)
def practice_recognize(*, user, practice: GoodPractice, level: str, recognized_on: dt.date,
                       reference: str) -> GoodPractice:
    if practice.status == Status.RECOGNIZED:
        raise DomainError(Code.ALREADY_RECOGNIZED, "Mô hình này đã được công nhận.", message_en="Already recognized.")
    if not (reference or "").strip():
        raise _bad("Hãy nhập số quyết định công nhận.", "reference")
    if recognized_on is None or recognized_on < practice.started_on or recognized_on > timezone.localdate():
        raise _bad("Ngày công nhận phải từ ngày bắt đầu thực hiện mô hình đến hôm nay.", "recognized_on")
    with transaction.atomic():
        practice.status = Status.RECOGNIZED
        practice.recognized_level = level
        practice.recognized_on = recognized_on
        practice.recognition_ref = reference.strip()[:100]
        practice.save(update_fields=["status", "recognized_level", "recognized_on", "recognition_ref"])
        audit(actor=user, action="movements.recognize", obj=practice, unit_path=practice.unit_path, level=level)
        log_public(practice, "movements.recognize")
    return practice
