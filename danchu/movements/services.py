"""Writes on “Dân vận khéo” models: register, update results, add evidence, evaluate, recognize.

Every write: permission first (core.permissions.require on the model's unit), one transaction,
an audit row, a DomainError with a Vietnamese message on bad input.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from danchu.core.attachments import check_upload
from danchu.core.audit import audit
from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.permissions import can, require
from danchu.core.roles import Action
from danchu.core.text import fold

from .errors import Code
from .models import Evaluation, Evidence, Field, GoodPractice, Level, Rating, Status

MAX_EVIDENCE = 10


def _bad(message: str, field: str | None = None, en: str = "Invalid input.") -> DomainError:
    return DomainError(Code.INVALID, message, message_en=en, field=field)


def _search_text(p: GoodPractice) -> str:
    return fold(" ".join([p.title, p.description, p.results]))


def practice_register(*, user, unit, title: str, field: str, description: str, started_on: dt.date,
                      results: str = "", organization=None) -> GoodPractice:
    require(user, Action.MOVEMENT_MANAGE, unit=unit)
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
    return p


def practice_update_results(*, user, practice: GoodPractice, results: str) -> GoodPractice:
    require(user, Action.MOVEMENT_MANAGE, unit=practice.unit)
    if not (results or "").strip():
        raise _bad("Hãy nhập kết quả đạt được.", "results")
    with transaction.atomic():
        practice.results = results.strip()
        practice.search_text = _search_text(practice)
        practice.save(update_fields=["results", "search_text"])
        audit(actor=user, action="movements.results", obj=practice, unit_path=practice.unit_path)
    return practice


def practice_add_evidence(*, user, practice: GoodPractice, name: str, content: bytes) -> Evidence:
    require(user, Action.MOVEMENT_MANAGE, unit=practice.unit)
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


def _require_level(user, practice: GoodPractice, level: str) -> None:
    """Commune level: the commune's evaluators; province level: the province's Steering Committee;
    central level: an administrator (there is no national unit in the tree)."""
    if level == Level.COMMUNE:
        require(user, Action.MOVEMENT_EVALUATE, unit=practice.unit)
    elif level == Level.PROVINCE:
        from danchu.units.models import Unit

        province = Unit.objects.filter(code=practice.province_code).first()
        if province is None or not can(user, Action.MOVEMENT_EVALUATE, unit=province):
            raise PermissionDenied("Chỉ Ban Chỉ đạo cấp tỉnh được đánh giá, công nhận ở cấp tỉnh.")
    elif level == Level.CENTRAL:
        if not getattr(user, "is_superuser", False):
            raise PermissionDenied("Chỉ quản trị hệ thống ghi nhận đánh giá, công nhận cấp Trung ương.")
    else:
        raise DomainError(Code.LEVEL_NOT_ALLOWED, "Cấp đánh giá không hợp lệ.", message_en="Invalid level.", field="level")


def practice_evaluate(*, user, practice: GoodPractice, level: str, rating: str, evaluated_on: dt.date,
                      note: str = "") -> Evaluation:
    _require_level(user, practice, level)
    if rating not in Rating.values:
        raise _bad("Xếp loại không hợp lệ.", "rating")
    if evaluated_on is None or evaluated_on < practice.started_on or evaluated_on > timezone.localdate():
        raise _bad("Ngày đánh giá phải từ ngày bắt đầu thực hiện mô hình đến hôm nay.", "evaluated_on")
    with transaction.atomic():
        ev = Evaluation.objects.create(practice=practice, level=level, rating=rating, evaluated_on=evaluated_on,
                                       note=(note or "").strip(), evaluator=user)
        audit(actor=user, action="movements.evaluate", obj=practice, unit_path=practice.unit_path, level=level,
              rating=rating)
    return ev


def practice_recognize(*, user, practice: GoodPractice, level: str, recognized_on: dt.date,
                       reference: str) -> GoodPractice:
    _require_level(user, practice, level)
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
    return practice
