"""Demo “Dân vận khéo” models of a commune, made through the services (re-running adds nothing)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import GoodPractice

MODELS = [
    ("Dân vận khéo trong giải phóng mặt bằng đường liên xã", "land",
     "Cán bộ xã, trưởng thôn và Mặt trận đến từng hộ, công khai phương án bồi thường, đối thoại tại nhà văn hóa.",
     "98% số hộ bàn giao mặt bằng đúng hạn, không có đơn khiếu nại.", 420, True),
    ("Tổ tự quản “Ngõ xóm bình yên”", "security",
     "Các hộ luân phiên tuần tra buổi tối, lắp camera do nhân dân đóng góp, báo tin qua nhóm Zalo của thôn.",
     "Không xảy ra trộm cắp trong năm; 12 camera được lắp bằng tiền nhân dân đóng góp.", 300, False),
    ("“Chính quyền thân thiện vì Nhân dân phục vụ” tại bộ phận một cửa", "government",
     "Công chức hướng dẫn làm thủ tục trực tuyến, trả kết quả tại nhà cho người cao tuổi.",
     "", 120, False),
]


def seed_movements(commune, actor, rng) -> int:
    made = 0
    today = timezone.localdate()
    for title, field, description, results, days_ago, recognize in MODELS:
        if GoodPractice.objects.filter(unit=commune, title=title).exists():
            continue
        started = today - dt.timedelta(days=days_ago + rng.randrange(0, 30))
        p = services.practice_register(user=actor, unit=commune, title=title, field=field, description=description,
                                       started_on=started, results=results)
        if recognize:
            services.practice_evaluate(user=actor, practice=p, level="commune", rating="excellent",
                                       evaluated_on=started + dt.timedelta(days=200))
            services.practice_recognize(user=actor, practice=p, level="province",
                                        recognized_on=started + dt.timedelta(days=240),
                                        reference="Quyết định số 15-QĐ/BCĐ")
        made += 1
    return made
