"""Demo consultations of the demo commune, made through the services: a land-use plan open for comment
(opinions from hamlet meetings and paper forms, one online, some answered) and the commune's democracy
regulation whose period is over, every opinion answered and the report published. Re-running adds
nothing that is already there."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from . import services
from .models import AnswerKind, Consultation, Form, Kind, Source

LAND_USE_TITLE = "Dự thảo Kế hoạch sử dụng đất năm 2027 của xã"
REGULATION_TITLE = "Dự thảo Quy chế thực hiện dân chủ ở cơ sở của xã"

LAND_USE = """KẾ HOẠCH SỬ DỤNG ĐẤT NĂM 2027
(Dự thảo lấy ý kiến Nhân dân)

I. CHỈ TIÊU SỬ DỤNG ĐẤT
1. Đất nông nghiệp: 812,4 ha, giảm 6,3 ha so với năm 2026.
2. Đất phi nông nghiệp: 365,1 ha, tăng 6,3 ha.
3. Đất chưa sử dụng: 2,1 ha.

II. DANH MỤC CÔNG TRÌNH, DỰ ÁN
1. Mở rộng đường liên thôn Đồng Quê - An Nội: 1,8 ha, thu hồi đất lúa của 41 hộ.
2. Xây dựng nhà văn hóa thôn An Nội: 0,25 ha.
3. Khu tái định cư phía Bắc xã: 3,5 ha.
4. Điểm tập kết rác thải sinh hoạt: 0,3 ha tại cánh đồng Mả Mới.

III. GIẢI PHÁP THỰC HIỆN
1. Công khai kế hoạch tại trụ sở Ủy ban nhân dân xã và nhà văn hóa các thôn.
2. Bồi thường, hỗ trợ theo bảng giá đất của tỉnh.
"""

REGULATION = """QUY CHẾ
Thực hiện dân chủ ở cơ sở trên địa bàn xã

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định nội dung, cách thức thực hiện dân chủ ở xã.

Điều 2. Nguyên tắc
1. Bảo đảm quyền của Nhân dân được biết, tham gia ý kiến, quyết định, kiểm tra, giám sát.
2. Công khai, minh bạch; thiểu số phục tùng đa số.

Chương II
CÔNG KHAI THÔNG TIN

Điều 3. Hình thức công khai
1. Niêm yết tại trụ sở Ủy ban nhân dân xã.
2. Thông báo trên hệ thống loa truyền thanh của xã, thôn.
3. Đăng trên trang thông tin điện tử của xã.

Điều 4. Thời gian niêm yết
Thời gian niêm yết ít nhất 30 ngày liên tục.
"""

MEETING_OPINIONS = [
    ("Khu tái định cư nên bố trí gần trường học và trạm y tế để người dân thuận tiện.", "3. Khu tái định cư"),
    ("Điểm tập kết rác tại cánh đồng Mả Mới gần khu dân cư, đề nghị chuyển ra xa hơn.", "4. Điểm tập kết rác"),
    ("Đề nghị công khai danh sách 41 hộ bị thu hồi đất và mức bồi thường từng hộ.", "1. Mở rộng đường liên thôn"),
    ("Giá bồi thường đất lúa theo bảng giá của tỉnh thấp hơn giá thị trường nhiều.", "2. Bồi thường, hỗ trợ"),
    ("Nhà văn hóa thôn An Nội cần thêm sân thể thao cho thanh niên.", "2. Xây dựng nhà văn hóa"),
    ("Đồng ý với kế hoạch, đề nghị sớm triển khai mở rộng đường liên thôn.", ""),
]
SOURCES = [(Source.MEETING, "Họp thôn Đồng Quê ngày 14/11"), (Source.MEETING, "Họp thôn An Nội ngày 15/11"),
           (Source.PAPER, "Phiếu góp ý số 7"), (Source.BOX, "Hòm thư góp ý tại trụ sở UBND xã")]
NAMES = ["Ông Nguyễn Văn Hùng", "Bà Trần Thị Mai", "Ông Lê Văn Bình", "", "Bà Phạm Thị Lan", "Ông Đỗ Văn Thắng"]


def _section_for(c: Consultation, hint: str):
    if not hint:
        return None
    number, words = hint.split(" ", 1)
    for s in c.sections.all():
        if s.kind == "clause" and s.number == number.rstrip(".") and words.lower() in s.text.lower():
            return s
    return None


def seed_consultations(*, commune, actor, rng: random.Random, representative_user=None) -> int:
    """Create the demo consultations of `commune` that are missing; returns how many were made."""
    made = 0
    if not Consultation.objects.filter(unit=commune, title=LAND_USE_TITLE).exists():
        c = services.consultation_create(actor=actor, unit=commune, data=services.ConsultationInput(
            kind=Kind.LAND_USE, title=LAND_USE_TITLE, draft_text=LAND_USE,
            summary="Ủy ban nhân dân xã lấy ý kiến Nhân dân về chỉ tiêu sử dụng đất và danh mục công trình năm 2027.",
            forms=[Form.MEETING, Form.PORTAL, Form.BOX], closes_at=timezone.now() + dt.timedelta(days=24)))
        services.consultation_publish(actor=actor, consultation=c)
        c.refresh_from_db()
        ops = []
        for i, (text, hint) in enumerate(MEETING_OPINIONS):
            source, note = SOURCES[i % len(SOURCES)]
            s = _section_for(c, hint)
            ops.append(services.opinion_record(actor=actor, consultation=c, text=text, source=source, source_note=note,
                                               author_name=NAMES[i], section_id=s.pk if s else None))
        if representative_user is not None:
            services.opinion_create(actor=representative_user, consultation=c,
                                    text="Đề nghị làm rõ thời gian bắt đầu thu hồi đất để bà con chủ động mùa vụ.")
        services.opinion_answer(actor=actor, opinion=ops[2], kind=AnswerKind.ACCEPTED,
                                text="Tiếp thu: bổ sung công khai danh sách hộ và mức bồi thường.",
                                changed_text="Công khai kế hoạch, danh sách hộ bị thu hồi đất và mức bồi thường từng hộ "
                                             "tại trụ sở Ủy ban nhân dân xã và nhà văn hóa các thôn.",
                                section_id=_section_for(c, "1. Công khai kế hoạch").pk)
        services.opinion_answer(actor=actor, opinion=ops[3], kind=AnswerKind.EXPLAINED,
                                text="Giá bồi thường theo bảng giá đất do Ủy ban nhân dân tỉnh ban hành; xã sẽ kiến nghị "
                                     "tỉnh xem xét hệ số điều chỉnh.")
        made += 1
    if not Consultation.objects.filter(unit=commune, title=REGULATION_TITLE).exists():
        c = services.consultation_create(actor=actor, unit=commune, data=services.ConsultationInput(
            kind=Kind.DEMOCRACY_REGULATION, title=REGULATION_TITLE, draft_text=REGULATION,
            forms=[Form.MEETING, Form.PORTAL], closes_at=timezone.now() + dt.timedelta(days=21)))
        services.consultation_publish(actor=actor, consultation=c)
        a = services.opinion_record(actor=actor, consultation=c, text="Thời gian niêm yết nên là 45 ngày.",
                                    source=Source.MEETING, source_note="Hội nghị đối thoại ngày 02/10",
                                    section_id=c.sections.get(ref="Điều 4").pk)
        b = services.opinion_record(actor=actor, consultation=c, text="Cần công khai cả qua nhóm Zalo của thôn.",
                                    source=Source.PAPER, source_note="Phiếu góp ý số 3",
                                    section_id=c.sections.get(ref="Khoản 3 Điều 3").pk)
        services.opinion_answer(actor=actor, opinion=a, kind=AnswerKind.ACCEPTED, text="Tiếp thu.",
                                changed_text="Thời gian niêm yết ít nhất 45 ngày liên tục.")
        services.opinion_answer(actor=actor, opinion=b, kind=AnswerKind.ACCEPTED, text="Tiếp thu.",
                                changed_text="Đăng trên trang thông tin điện tử của xã và nhóm mạng xã hội của các thôn.")
        # The demo's own fact: this consultation ran last month (time passing, not a service).
        Consultation.objects.filter(pk=c.pk).update(opens_at=timezone.now() - dt.timedelta(days=40),
                                                    closes_at=timezone.now() - dt.timedelta(days=15))
        c.refresh_from_db()
        services.consultation_finalise(actor=actor, consultation=c,
                                       decision_note="Quyết định ban hành Quy chế thực hiện dân chủ ở cơ sở của xã.")
        made += 1
    rng.random()
    return made
