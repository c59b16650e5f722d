"""Helpers for oversight tests: users with the oversight roles, and a commune board with members,
all made through the services (so a helper cannot build what the rules refuse)."""

import datetime as dt

from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.oversight import services
from danchu.oversight.models import BoardKind, Position, Seat


def today() -> dt.date:
    return timezone.localdate()


def user_with(role, unit=None, organization=None, **kw):
    user = UserFactory(**kw)
    grant(user, role, unit=unit, organization=organization)
    return user


def commune_board(front, commune, *, term_start=None, members=True):
    """A commune People's Inspection Board whose term began a year ago, one member per hamlet."""
    term_start = term_start or today() - dt.timedelta(days=365)
    board = services.board_create(actor=front, kind=BoardKind.INSPECTION, unit=commune, term_start=term_start,
                                  established_on=term_start)
    if members:
        hamlets = list(commune.children.order_by("code"))
        for i, h in enumerate(hamlets):
            services.member_add(actor=front, board=board, full_name=f"Nguyễn Văn Thành {i}", seat=Seat.HAMLET, hamlet=h,
                                elected_on=term_start, position=Position.HEAD if i == 0 else Position.MEMBER)
    return board


def held_inspection(board_user, board, *, held_on=None, **kw):
    held_on = held_on or today() - dt.timedelta(days=20)
    ins = services.inspection_create(
        actor=board_user, board=board, subject=kw.pop("subject", "Thu, chi quỹ xây dựng nhà văn hóa thôn"),
        inspected_body="UBND xã", period_from=held_on - dt.timedelta(days=365), period_to=held_on,
        starts_on=held_on - dt.timedelta(days=2), ends_on=held_on, team=list(board.members.all())[:2],
        notified_on=held_on - dt.timedelta(days=14))
    return services.inspection_record_findings(actor=board_user, inspection=ins, findings="Chứng từ chi thiếu 2 hóa đơn.",
                                               held_on=held_on)
