"""The figures of dialogues and citizen reception for the Steering Committee's reports (core.indicators).

The seeds count "dialogues between heads of Party committees and governments and the people" (Hà
Nam 2024: 227) and citizen reception; Reg. 11-QĐi/TW (as amended by Conclusion 215-KL/TW) asks for
reception figures monthly, for Q1, 6 and 9 months and the year. Every counter has the one signature
of core.indicators and is tested against hand-counted fixtures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db.models import F, Q
from django.utils import timezone

from danchu.core.indicators import Indicator, grouped_count, register_indicator
from danchu.units.models import Unit

from .frequencies import FREQUENCIES, months_between, requirements
from .models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueQuestion,
    DialogueStatus,
    ReceptionDay,
    ReceptionKind,
    ReceptionStatus,
    ReceptionVisit,
)


def dialogues_held(*, start, end, unit_ids=None):
    return grouped_count(Dialogue.objects.filter(status=DialogueStatus.HELD), unit_field="unit_id",
                         day_field="held_on", start=start, end=end, unit_ids=unit_ids)


def questions_registered(*, start, end, unit_ids=None):
    # Every question the people put to a dialogue not cancelled, however it came (web, paper, in the hall).
    qs = DialogueQuestion.objects.exclude(dialogue__status=DialogueStatus.CANCELLED)
    return grouped_count(qs, unit_field="dialogue__unit_id", day_field="received_on", start=start, end=end,
                         unit_ids=unit_ids)


def questions_answered(*, start, end, unit_ids=None):
    return grouped_count(DialogueQuestion.objects.filter(answered_on__isnull=False), unit_field="dialogue__unit_id",
                         day_field="answered_on", start=start, end=end, unit_ids=unit_ids)


def commitments_made(*, start, end, unit_ids=None):
    return grouped_count(Commitment.objects.all(), unit_field="dialogue__unit_id", day_field="made_on",
                         start=start, end=end, unit_ids=unit_ids)


def commitments_kept_on_time(*, start, end, unit_ids=None):
    qs = Commitment.objects.filter(status=CommitmentStatus.DONE, done_on__lte=F("due_on"))
    return grouped_count(qs, unit_field="dialogue__unit_id", day_field="done_on", start=start, end=end,
                         unit_ids=unit_ids)


def commitments_overdue(*, start, end, unit_ids=None, today: dt.date | None = None):
    """Commitments whose deadline fell in the period, has passed, and was not met: still open, or
    done after the deadline. Counted on the deadline."""
    today = today or timezone.localdate()
    end = min(end, today - dt.timedelta(days=1))
    if end < start:
        return []
    qs = Commitment.objects.filter(Q(status=CommitmentStatus.OPEN) | Q(done_on__gt=F("due_on")))
    return grouped_count(qs, unit_field="dialogue__unit_id", day_field="due_on", start=start, end=end,
                         unit_ids=unit_ids)


def reception_days_held(*, start, end, unit_ids=None):
    # Regular days the head received in person (frequencies.py: ad-hoc days and deputies do not count).
    qs = ReceptionDay.objects.filter(status=ReceptionStatus.HELD, kind=ReceptionKind.REGULAR)
    return grouped_count(qs, unit_field="unit_id", day_field="day", start=start, end=end, unit_ids=unit_ids)


def reception_adhoc_held(*, start, end, unit_ids=None):
    qs = ReceptionDay.objects.filter(status=ReceptionStatus.HELD, kind=ReceptionKind.AD_HOC)
    return grouped_count(qs, unit_field="unit_id", day_field="day", start=start, end=end, unit_ids=unit_ids)


def reception_days_required(*, start: dt.date, end: dt.date, unit_ids: Collection[int] | None = None):
    """Derived from the law, not stored: for each province/commune valid on the day, the days its
    leaders must receive citizens (frequencies.py), on the first of the month (monthly rules) or the
    week's Thursday (weekly rule)."""
    levels = sorted({f.level for f in FREQUENCIES})
    units = Unit.objects.filter(level__in=levels)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), Q(valid_from__isnull=True) | Q(valid_from__lte=end))
    unit_rows = list(units.values_list("pk", "level", "valid_from", "valid_to"))
    cache: dict[tuple[str, int, int], list] = {}
    totals: dict[tuple[int, dt.date], int] = defaultdict(int)
    for year, month in months_between(start, end):
        for pk, level, valid_from, valid_to in unit_rows:
            key = (level, year, month)
            if key not in cache:
                cache[key] = requirements(level, year, month)
            for req in cache[key]:
                day = req.count_on
                if not start <= day <= end:
                    continue
                if (valid_from and day < valid_from) or (valid_to and day > valid_to):
                    continue
                totals[(pk, day)] += req.days
    return [(u, d, n) for (u, d), n in sorted(totals.items())]


def reception_days_required_reporting(*, start: dt.date, end: dt.date, unit_ids: Collection[int] | None = None):
    """The required days of the units that keep their reception calendar here (at least one reception day
    recorded): a province or commune that has not switched the calendar on yet is not counted as having
    missed every day — the dashboard says so next to the figure."""
    reporting = ReceptionDay.objects.values_list("unit_id", flat=True).distinct()
    if unit_ids is not None:
        reporting = reporting.filter(unit_id__in=list(unit_ids))
    ids = list(reporting)
    if not ids:
        return []
    return reception_days_required(start=start, end=end, unit_ids=ids)


def visits_received(*, start, end, unit_ids=None):
    return grouped_count(ReceptionVisit.objects.all(), unit_field="reception_day__unit_id",
                         day_field="reception_day__day", start=start, end=end, unit_ids=unit_ids)


def cases_from_visits(*, start, end, unit_ids=None):
    return grouped_count(ReceptionVisit.objects.exclude(case_code=""), unit_field="reception_day__unit_id",
                         day_field="reception_day__day", start=start, end=end, unit_ids=unit_ids)


REG_11 = "Quy định 11-QĐi/TW, sửa đổi bởi Kết luận 215-KL/TW"
INDICATORS = (
    Indicator("dialogues.held", "Số cuộc đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân",
              "Cuộc đối thoại đã tổ chức, tính theo ngày đối thoại.", "cuộc", "inspect", counter=dialogues_held,
              drill_url_name="dialogues:public", order=300, article="Luật 10/2022/QH15, Điều 32; " + REG_11),
    Indicator("dialogues.questions_registered", "Số câu hỏi, ý kiến người dân gửi đến đối thoại",
              "Câu hỏi đăng ký trực tuyến, thu qua phiếu, hòm thư hoặc nêu tại buổi đối thoại, tính theo ngày nhận.",
              "câu hỏi", "inspect", counter=questions_registered, drill_url_name="dialogues:public", order=301,
              article="Luật 10/2022/QH15, Điều 31, 32"),
    Indicator("dialogues.questions_answered", "Số câu hỏi đã được trả lời tại đối thoại",
              "Câu hỏi đã ghi câu trả lời, tính theo ngày trả lời.", "câu hỏi", "inspect", counter=questions_answered,
              drill_url_name="dialogues:public", order=302, article="Luật 10/2022/QH15, Điều 32"),
    Indicator("dialogues.commitments_made", "Số cam kết của người đứng đầu sau đối thoại",
              "Cam kết ghi tại đối thoại (có người chịu trách nhiệm và hạn), tính theo ngày đối thoại.", "cam kết",
              "inspect", counter=commitments_made, drill_url_name="dialogues:commitments", order=303, article=REG_11),
    Indicator("dialogues.commitments_kept_on_time", "Số cam kết hoàn thành đúng hạn",
              "Cam kết hoàn thành không muộn hơn hạn, tính theo ngày hoàn thành.", "cam kết", "inspect",
              counter=commitments_kept_on_time, drill_url_name="dialogues:commitments", order=304, article=REG_11),
    Indicator("dialogues.commitments_overdue", "Số cam kết quá hạn",
              "Cam kết đến hạn trong kỳ mà chưa hoàn thành hoặc hoàn thành sau hạn, tính theo ngày đến hạn.",
              "cam kết", "inspect", counter=commitments_overdue, drill_url_name="dialogues:commitments", order=305,
              article=REG_11),
    Indicator("reception.days_held", "Số ngày người đứng đầu trực tiếp tiếp công dân định kỳ",
              "Ngày tiếp định kỳ do chính người đứng đầu tiếp (không tính cấp phó tiếp thay), tính theo ngày tiếp.",
              "ngày", "inspect", counter=reception_days_held, drill_url_name="dialogues:reception", order=310,
              article="Luật Tiếp công dân 2013, Điều 12, 15 (sửa đổi bởi Luật 136/2025/QH15); " + REG_11),
    Indicator("reception.days_required", "Số ngày tiếp công dân định kỳ theo quy định (đơn vị có lịch tiếp trên hệ thống)",
              "Số ngày người đứng đầu cấp ủy, chính quyền tỉnh, xã phải tiếp công dân theo tần suất luật định, chỉ tính "
              "các tỉnh, xã đã ghi ít nhất một ngày tiếp công dân trên hệ thống (đơn vị chưa dùng lịch tiếp không bị "
              "tính là bỏ tiếp).",
              "ngày", "inspect", counter=reception_days_required_reporting, drill_url_name="dialogues:reception", order=311,
              article="Luật Tiếp công dân 2013, Điều 12 khoản 5, Điều 15 khoản 2 (sửa đổi bởi Luật 136/2025/QH15); " + REG_11),
    Indicator("reception.days_held_rate", "Tỷ lệ ngày tiếp công dân định kỳ đã thực hiện",
              "Ngày tiếp định kỳ đã thực hiện trên số ngày phải tiếp theo quy định.", "%", "inspect",
              ratio_of=("reception.days_held", "reception.days_required"), order=312),
    Indicator("reception.adhoc_held", "Số lần tiếp công dân đột xuất", "Ngày tiếp đột xuất của người đứng đầu.",
              "lần", "inspect", counter=reception_adhoc_held, drill_url_name="dialogues:reception", order=313,
              article=REG_11),
    Indicator("reception.visits", "Số lượt công dân được tiếp", "Lượt tiếp (một người hoặc một đoàn), tính theo ngày tiếp.",
              "lượt", "inspect", counter=visits_received, drill_url_name="dialogues:reception", order=314,
              article="Luật Tiếp công dân 2013"),
    Indicator("reception.cases_created", "Số vụ việc tiếp nhận qua tiếp công dân",
              "Lượt tiếp có khiếu nại, tố cáo, kiến nghị, phản ánh được chuyển thành hồ sơ, tính theo ngày tiếp.",
              "vụ việc", "inspect", counter=cases_from_visits, drill_url_name="dialogues:reception", order=315,
              article="Luật Tiếp công dân 2013, Điều 28"),
)


def register() -> None:
    for item in INDICATORS:
        register_indicator(item)
