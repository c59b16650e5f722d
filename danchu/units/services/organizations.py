"""Agencies, public service units and enterprises of a unit: the scope of workplace democracy
(Law 10/2022/QH15 Chapters III–IV).

The commune keeps the register of the organizations in its area (ORGANIZATION_MANAGE, one of
core.roles.UNIT_REACHES_ORGANIZATION): a new one is declared on its unit, a change on the
organization itself, which the commune's grants reach for this action."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from danchu.core.access import guard
from danchu.core.audit import audit
from danchu.core.errors import DomainError, from_validation_error
from danchu.core.inputs import has_control
from danchu.core.roles import Action
from danchu.core.text import fold

from ..models import Organization, OrganizationKind, Unit
from .hamlets import CONTROL_MESSAGE, clean_text

# Enterprise tax code (mã số thuế): 10 digits, or 10 + "-" + 3 for a branch (Circular 105/2020/TT-BTC).
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")


def tax_code_clean(value: str) -> str:
    text = re.sub(r"\s", "", value or "")
    if re.fullmatch(r"[0-9]{13}", text):
        text = f"{text[:10]}-{text[10:]}"
    if text and not _TAX_CODE.fullmatch(text):
        raise DomainError("tax_code_invalid", "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu “-” và 3 chữ số (chi nhánh).",
                          message_en="A tax code has 10 digits, or 10-3 digits for a branch.", field="tax_code")
    return text


def _name_clean(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise DomainError("organization_name_required", "Chưa nhập tên cơ quan, đơn vị.",
                          message_en="The name is required.", field="name")
    if has_control(name, multiline=False):
        raise DomainError("organization_name_invalid", f"Tên cơ quan, đơn vị {CONTROL_MESSAGE}",
                          message_en="The name contains control characters.", field="name")
    return name


def _kind_clean(kind: str) -> str:
    if kind not in OrganizationKind.values:
        raise DomainError("organization_kind_invalid", "Loại cơ quan, đơn vị không hợp lệ.",
                          message_en="Unknown kind of organization.", field="kind")
    return kind


def _check_unique(unit: Unit, name: str, exclude_pk: int | None = None) -> None:
    qs = Organization.objects.filter(unit=unit, search_name=fold(name))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError("organization_duplicate", f"Đơn vị này đã có “{name}”.",
                          message_en="An organization with this name already exists here.", field="name")


def _save(org: Organization) -> None:
    try:
        org.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc, "organization_invalid") from exc
    org.save()


@guard(Action.ORGANIZATION_MANAGE, on="unit")
@transaction.atomic
def organization_create(*, actor, unit: Unit, kind: str, name: str, tax_code: str = "") -> Organization:
    if unit.is_former:
        raise DomainError("unit_former", "Đơn vị hành chính này không còn; hãy chọn đơn vị kế thừa.",
                          message_en="This unit no longer exists.", field="unit")
    kind, name, tax_code = _kind_clean(kind), _name_clean(name), tax_code_clean(tax_code)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    _check_unique(unit, name)
    org = Organization(unit=unit, kind=kind, name=name, tax_code=tax_code, search_name=fold(name),
                       province_code=unit.province_code)
    _save(org)
    audit(actor=actor, action="units.organization_create", obj=org, unit_path=unit.path, name=name, kind=kind)
    return org


@guard(Action.ORGANIZATION_MANAGE, on="organization")
@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    name: str | None = None,
    kind: str | None = None,
    tax_code: str | None = None,
    is_active: bool | None = None,
) -> Organization:
    """Change the given fields (None: leave as is). No change, no audit row."""
    org = Organization.objects.select_for_update().select_related("unit").get(pk=organization.pk)
    values = {}
    if name is not None:
        values["name"] = _name_clean(name)
    if kind is not None:
        values["kind"] = _kind_clean(kind)
    if tax_code is not None:
        values["tax_code"] = tax_code_clean(tax_code)
    if is_active is not None:
        values["is_active"] = bool(is_active)
    changed = {k: v for k, v in values.items() if getattr(org, k) != v}
    if not changed:
        return org
    if "name" in changed:
        _check_unique(org.unit, changed["name"], exclude_pk=org.pk)
        org.search_name = fold(changed["name"])
    for k, v in changed.items():
        setattr(org, k, v)
    _save(org)
    audit(actor=actor, action="units.organization_update", obj=org, unit_path=org.unit.path, fields=sorted(changed))
    return org
