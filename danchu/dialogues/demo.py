"""Demo records of dialogues and citizen reception for the demo commune (`danchu seed --scale demo`).

Everything goes through the services, as an official would: three dialogues held in past months
with questions, answers and commitments (one kept on time, one late, one still open and overdue,
one open and not yet due), one dialogue coming up that takes questions, and the reception calendar
of the last three months and this one (the chair's and the Party secretary's days, a few visits,
feedback and recommendations filed as cases). This month one of the secretary's days is left
unscheduled, so that the calendar shows its warning. Re-running adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from danchu.core.calendar import is_working_day

from . import services
from .models import Dialogue, LeaderRole, QuestionSource, ReceptionDay

CHAIR = "Nguyễn Văn Thành"
SECRETARY = "Trần Thị Hằng"

DIALOGUES = [
    # (months ago, topic, audience, [(question, source note, answer)], [(commitment, owner, due in days, done after days)])
    (3, "Đối thoại về xây dựng nông thôn mới nâng cao năm 2026", "Đại diện hộ gia đình 8 thôn, Ban công tác Mặt trận",
     [("Bao giờ bê tông hóa xong đường trục thôn Ngô Khê?", "Hòm thư góp ý thôn Ngô Khê",
       "Xã đã bố trí vốn, khởi công trong tháng tới, hoàn thành trước Tết."),
      ("Mức đóng góp của hộ nghèo khi làm đường được miễn như thế nào?", "Phiếu thu tại hội nghị thôn An Nội",
       "Hộ nghèo, hộ chính sách được miễn đóng góp theo nghị quyết của thôn.")],
     [("Bê tông hóa 1,2 km đường trục thôn Ngô Khê", "Công chức địa chính – xây dựng xã", 60, 45),
      ("Công khai danh sách hộ được miễn đóng góp tại nhà văn hóa các thôn", "Văn phòng UBND xã", 15, 20)]),
    (2, "Đối thoại về môi trường và thu gom rác thải sinh hoạt", "Nhân dân các thôn, Hội Phụ nữ, Đoàn Thanh niên",
     [("Rác ở bãi tập kết thôn Bồ Đề tồn lâu ngày, bao giờ được thu gom?", "Chi hội Phụ nữ thôn Bồ Đề",
       "Từ tháng này xe thu gom chạy 3 lần mỗi tuần."),
      ("Xã có hỗ trợ thùng phân loại rác tại hộ gia đình không?", "", "Xã hỗ trợ 50% kinh phí mua thùng phân loại.")],
     [("Tăng tần suất thu gom rác lên 3 lần/tuần", "Hợp tác xã dịch vụ môi trường", 30, None)]),
    (1, "Đối thoại với thanh niên về học nghề và việc làm", "Đoàn viên, thanh niên trong độ tuổi lao động",
     [("Xã có mở lớp dạy nghề sửa chữa máy nông nghiệp không?", "Chi đoàn thôn Phú Thứ",
       "Quý tới xã phối hợp Trung tâm giáo dục nghề nghiệp mở lớp 30 học viên.")],
     [("Mở lớp dạy nghề sửa chữa máy nông nghiệp", "Văn phòng UBND xã", 90, None)]),
]
UPCOMING = ("Đối thoại về quy hoạch sử dụng đất và bồi thường giải phóng mặt bằng",
            "Các hộ có đất trong dự án mở rộng đường tỉnh, nhân dân quan tâm",
            [("Giá bồi thường đất nông nghiệp dự án mở rộng đường tỉnh tính theo bảng giá nào?", "Hòm thư góp ý thôn Vĩnh Trụ"),
             ("Hộ bị thu hồi hết đất sản xuất có được hỗ trợ chuyển đổi nghề không?", "Phiếu câu hỏi thôn Tràng An")])
VISITS = [
    ("guidance", "Hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất", "Hướng dẫn nộp hồ sơ tại bộ phận một cửa của xã."),
    ("feedback", "Đèn chiếu sáng đường liên thôn Đồng Quê hỏng nhiều tuần", ""),
    ("recommendation", "Đề nghị xây sân chơi cho trẻ em tại nhà văn hóa thôn An Nội", ""),
    ("guidance", "Hỏi chế độ trợ cấp cho người cao tuổi", "Giải thích chế độ theo quy định, hướng dẫn làm hồ sơ."),
]


def _working_on_or_after(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _month_start(today: dt.date, months_ago: int) -> dt.date:
    m = today.year * 12 + today.month - 1 - months_ago
    return dt.date(m // 12, m % 12 + 1, 1)


def seed_dialogues(*, commune, actor, rng: random.Random) -> dict:
    if Dialogue.objects.filter(unit=commune).exists() or ReceptionDay.objects.filter(unit=commune).exists():
        return {}
    today = timezone.localdate()
    counts = {"dialogues": 0, "questions": 0, "commitments": 0, "reception_days": 0, "visits": 0}
    for months_ago, topic, audience, questions, commitments in DIALOGUES:
        held_on = _working_on_or_after(_month_start(today, months_ago) + dt.timedelta(days=rng.randint(8, 18)))
        d = services.dialogue_schedule(actor=actor, unit=commune, leader_role=LeaderRole.COMMUNE_CHAIR, leader_name=CHAIR,
                                       topic=topic, held_on=held_on, place="Hội trường UBND xã", audience=audience)
        recorded = []
        for text, note, _ in questions:
            recorded.append(services.question_record(
                actor=actor, dialogue=d, text=text, source=QuestionSource.PAPER, source_note=note or "Phiếu câu hỏi gửi UBND xã",
                received_on=held_on - dt.timedelta(days=rng.randint(3, 10))))
        d = services.dialogue_mark_held(actor=actor, dialogue=d, attendees=rng.randint(90, 220),
                                        summary="Chủ tịch UBND xã kết luận, giao các bộ phận thực hiện các cam kết.")
        for q, (_, _, answer) in zip(recorded, questions, strict=True):
            services.question_answer(actor=actor, question=q, answer=answer, answered_by=f"Chủ tịch UBND xã {CHAIR}")
        for text, owner, due_in, done_after in commitments:
            c = services.commitment_add(actor=actor, dialogue=d, text=text, owner=owner,
                                        due_on=held_on + dt.timedelta(days=due_in), question=recorded[0])
            if done_after is not None and held_on + dt.timedelta(days=done_after) <= today:
                services.commitment_complete(actor=actor, commitment=c, result="Đã thực hiện xong, nghiệm thu đưa vào sử dụng.",
                                             done_on=held_on + dt.timedelta(days=done_after))
            counts["commitments"] += 1
        counts["dialogues"] += 1
        counts["questions"] += len(recorded)
    topic, audience, questions = UPCOMING
    d = services.dialogue_schedule(actor=actor, unit=commune, leader_role=LeaderRole.COMMUNE_PARTY_SECRETARY,
                                   leader_name=SECRETARY, topic=topic, held_on=_working_on_or_after(today + dt.timedelta(days=10)),
                                   place="Nhà văn hóa thôn Vĩnh Trụ", audience=audience)
    for text, note in questions:
        services.question_record(actor=actor, dialogue=d, text=text, source=QuestionSource.PAPER, source_note=note,
                                 received_on=today)
        counts["questions"] += 1
    counts["dialogues"] += 1

    visits = iter(VISITS * 3)
    for months_ago in (3, 2, 1, 0):
        first = _month_start(today, months_ago)
        plan = [(LeaderRole.COMMUNE_CHAIR, CHAIR, 5), (LeaderRole.COMMUNE_CHAIR, CHAIR, 19),
                (LeaderRole.COMMUNE_PARTY_SECRETARY, SECRETARY, 12)]
        if months_ago:
            plan.append((LeaderRole.COMMUNE_PARTY_SECRETARY, SECRETARY, 24))  # this month: one day short, to warn
        for role, name, day_of_month in plan:
            day = _working_on_or_after(first + dt.timedelta(days=day_of_month - 1))
            r = services.reception_day_schedule(actor=actor, unit=commune, leader_role=role, leader_name=name, day=day,
                                                place="Trụ sở tiếp công dân UBND xã")
            counts["reception_days"] += 1
            if day > today:
                continue
            r = services.reception_day_record(actor=actor, reception_day=r, outcome="held")
            if role != LeaderRole.COMMUNE_CHAIR:
                continue
            kind, summary, guidance = next(visits)
            services.visit_record(actor=actor, reception_day=r, kind=kind, summary=summary, guidance=guidance,
                                  visitor_name=rng.choice(["Phạm Văn Dũng", "Lê Thị Thu", "Vũ Văn Hải", "Đỗ Thị Lan"]),
                                  visitor_address=f"Thôn {rng.choice(['An Nội', 'Đồng Quê', 'Bồ Đề', 'Ngô Khê'])}")
            counts["visits"] += 1
    return counts
