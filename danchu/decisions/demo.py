"""Demo matters of the demo commune, made through the services: an online vote open in the first hamlet
(a self-managed matter of Law 10/2022 Art. 15(6), the only kind that may be voted online — Decree
59/2023 Art. 5), with the households' prior agreement to vote online recorded, so that the demo's
household representative has something to vote on; and a commune-wide contribution matter (Art. 15(1))
prepared for the hamlet meetings. Re-running adds nothing already there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import Form, Kind, Matter

LIGHTS = "Lắp đèn chiếu sáng đường trục thôn bằng năng lượng mặt trời"
ROAD = "Mức đóng góp mở rộng đường liên thôn Đồng Quê - An Nội"


def seed_decisions(*, commune, hamlets: list, actor) -> int:
    from danchu.units.models import Household

    made = 0
    first = hamlets[0]
    if not Matter.objects.filter(unit=first, title=LIGHTS).exists():
        m = services.matter_create(actor=actor, unit=first, hamlets=[first], data=services.MatterInput(
            kind=Kind.OTHER, title=LIGHTS, form=Form.ONLINE,
            description="Lắp 24 cột đèn năng lượng mặt trời dọc đường trục thôn, kinh phí 168 triệu đồng: ngân sách "
                        "xã hỗ trợ 50%, Nhân dân đóng góp 50% (khoảng 200.000 đồng/hộ). Các hộ biểu quyết đồng ý "
                        "hay không đồng ý với chủ trương."))
        total = Household.objects.filter(hamlet=first, left_on__isnull=True).count()
        # At the hamlet meeting before the vote, more than half of all households agreed to vote online.
        services.matter_record_online_agreement(actor=actor, matter=m, agreed=total // 2 + 1)
        services.matter_open(actor=actor, matter=m, closes_at=timezone.now() + dt.timedelta(days=10))
        made += 1
    if not Matter.objects.filter(unit=commune, title=ROAD).exists():
        road = services.matter_create(actor=actor, unit=commune, hamlets=list(hamlets[:2]), data=services.MatterInput(
            kind=Kind.CONTRIBUTION, title=ROAD, form=Form.MEETING_BALLOT,
            description="Nhân dân hai thôn bàn mức đóng góp ngày công và tiền cho phần mặt đường mở rộng.",
            meeting_at=timezone.now() + dt.timedelta(days=7), meeting_place="Nhà văn hóa thôn An Nội"))
        # The notice and documents went to the households a week ahead (Decree 59 Art. 3(3)).
        services.meeting_notice_record(actor=actor, matter=road, sent_on=timezone.localdate())
        made += 1
    return made
