"""Demo disclosures of the demo commune, made through the services: three published under Law 10/2022
Art. 11 (a budget report, an investment project, the fees the commune collects), one list of
beneficiaries (Art. 11(7)) and one draft still being written. Re-running adds nothing already there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import Disclosure, DisclosureCategory

CHANNELS = ["notice_commune", "notice_hamlet", "website", "loudspeaker"]

# (category code, title, body, decision reference, days since the decision, publish?)
DISCLOSURES = [
    ("commune-11-2-execution", "Tình hình thực hiện dự toán ngân sách xã quý III năm 2026",
     "Tổng thu ngân sách xã 9 tháng đạt 14.215 triệu đồng, bằng 78,4% dự toán năm; tổng chi 11.902 triệu đồng, "
     "bằng 71,2% dự toán. Chi đầu tư phát triển 4.310 triệu đồng, chủ yếu cho đường liên thôn Đồng Quê - An Nội. "
     "Biểu số liệu chi tiết niêm yết tại trụ sở Ủy ban nhân dân xã.",
     "Báo cáo số 212/BC-UBND", 12, True),
    ("commune-11-3", "Dự án mở rộng đường liên thôn Đồng Quê - An Nội: phương án bồi thường, hỗ trợ",
     "Dự án mở rộng mặt đường từ 3,5 m lên 6,5 m trên chiều dài 2,1 km; thu hồi 1,8 ha đất lúa của 41 hộ. "
     "Đơn giá bồi thường theo bảng giá đất của tỉnh; hỗ trợ chuyển đổi nghề bằng 3 lần giá đất nông nghiệp. "
     "Thời gian thi công dự kiến từ tháng 3 đến tháng 10 năm 2027.",
     "Quyết định số 87/QĐ-UBND", 20, True),
    ("commune-11-12", "Các khoản phí, lệ phí do xã thu năm 2026",
     "Lệ phí chứng thực bản sao từ bản chính: 2.000 đồng/trang; lệ phí đăng ký khai sinh quá hạn: 8.000 đồng; "
     "phí sử dụng chợ: theo diện tích quầy, niêm yết tại ban quản lý chợ. Các khoản khác không thu.",
     "Quyết định số 05/QĐ-UBND", 40, True),
    ("commune-11-7", "Danh sách hộ được hỗ trợ sửa chữa nhà ở năm 2026",
     "Kết quả bình xét tại các hội nghị thôn, đã được Ủy ban nhân dân xã phê duyệt.",
     "Quyết định số 96/QĐ-UBND", 8, True),
    ("commune-11-1", "Kế hoạch phát triển kinh tế - xã hội năm 2027",
     "Dự thảo đang được hoàn thiện trước khi trình Hội đồng nhân dân xã.", "", 0, False),
]


def _people(commune) -> list[dict]:
    """Beneficiaries of the list disclosure: the law's columns only (name, hamlet, benefit, amount)."""
    from danchu.units.models import Household

    rows = (Household.objects.filter(hamlet__parent=commune, representative__isnull=False)
            .select_related("representative", "hamlet").order_by("hamlet__code", "code")[:60:15])
    return [{"full_name": h.representative.full_name, "hamlet": h.hamlet.name,
             "benefit": "Hỗ trợ sửa chữa nhà ở", "amount": 30_000_000} for h in rows]


def seed_disclosures(*, commune, actor) -> int:
    made = 0
    today = timezone.localdate()
    for code, title, body, ref, days_ago, publish in DISCLOSURES:
        if Disclosure.objects.filter(unit=commune, organization__isnull=True, title=title).exists():
            continue
        category = DisclosureCategory.objects.get(code=code)
        content = services.Content(
            title=title, body=body, channels=list(CHANNELS), decision_ref=ref,
            decision_date=today - dt.timedelta(days=days_ago) if ref else None,
            people=_people(commune) if category.has_person_list else None)
        d = services.disclosure_create_draft(user=actor, unit=commune, category=category, content=content)
        if publish:
            services.disclosure_publish(user=actor, disclosure=d)
        made += 1
    return made
