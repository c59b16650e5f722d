"""Consultations ready to comment on, residents of a commune, and a way to end the period."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.consultations import services
from danchu.consultations.models import Consultation, Kind
from danchu.core.roles import Role

DRAFT = """QUY CHẾ THỰC HIỆN DÂN CHỦ Ở XÃ
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc thực hiện dân chủ ở xã.
Điều 2. Công khai thông tin
1. Niêm yết tại trụ sở Ủy ban nhân dân xã trong 30 ngày.
2. Đăng trên cổng thông tin điện tử của xã.
Điều 3. Lấy ý kiến Nhân dân
Thời gian lấy ý kiến ít nhất 20 ngày.
"""


def resident(hamlet, username: str | None = None, **kw):
    user = UserFactory(username=username, **kw) if username else UserFactory(**kw)
    grant(user, Role.CITIZEN, unit=hamlet)
    return user


def consultation(actor, unit, *, publish: bool = True, text: str = DRAFT, days: int = 30, kind=Kind.DEMOCRACY_REGULATION,
                 organization=None, title: str = "Dự thảo Quy chế thực hiện dân chủ ở xã") -> Consultation:
    c = services.consultation_create(actor=actor, unit=unit, organization=organization, data=services.ConsultationInput(
        kind=kind, title=title, closes_at=timezone.now() + dt.timedelta(days=days), draft_text=text,
        forms=["portal", "meeting"]))
    if publish:
        services.consultation_publish(actor=actor, consultation=c)
    c.refresh_from_db()
    return c


def end_period(c: Consultation) -> Consultation:
    """The period is over (moved into the past, as time passing would)."""
    Consultation.objects.filter(pk=c.pk).update(opens_at=timezone.now() - dt.timedelta(days=31),
                                                closes_at=timezone.now() - dt.timedelta(minutes=1))
    c.refresh_from_db()
    return c


def section(c: Consultation, ref: str):
    return c.sections.get(ref=ref)
