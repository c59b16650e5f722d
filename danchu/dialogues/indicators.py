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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from danchu.core.indicators import Indicator, grouped_count, listed_records, register_indicator
from danchu.core.labels import label
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


def _pair(qs_of, *, unit_field: str, day_field: str, describe, related=()):
    """The counter and the records of one set of rows, filtered the same way."""
    def counter(*, start, end, unit_ids=None, **kw):
        qs = qs_of(**kw)
        return [] if qs is None else grouped_count(qs, unit_field=unit_field, day_field=day_field, start=start,
                                                   end=end, unit_ids=unit_ids)

    def records(*, start, end, unit_ids=None, limit, **kw):
        qs = qs_of(**kw)
        if qs is None:
            return []
        return listed_records(qs.select_related(*related), unit_field=unit_field, day_field=day_field, start=start,
                              end=end, unit_ids=unit_ids, limit=limit, describe=describe)
    return counter, records


def _dialogue(d: Dialogue) -> tuple[str, str]:
    return d.topic, reverse("dialogues:public_detail", args=[d.unit.code, d.pk])


def _question(q: DialogueQuestion) -> tuple[str, str]:
    # Named by its dialogue, never by who asked it (the asker chooses whether the public sees the name).
    return (gettext("Câu hỏi số %(n)s tại đối thoại “%(topic)s”") % {"n": q.pk, "topic": q.dialogue.topic},
            reverse("dialogues:public_detail", args=[q.dialogue.unit.code, q.dialogue_id]))


def _commitment(c: Commitment) -> tuple[str, str]:
    text = c.text if len(c.text) <= 160 else c.text[:159] + "…"
    return text, reverse("dialogues:commitments", args=[c.dialogue.unit.code])


def _reception_day(d: ReceptionDay) -> tuple[str, str]:
    who = d.leader_name or label(d.get_leader_role_display())
    return (gettext("Tiếp công dân: %(who)s, %(place)s") % {"who": who, "place": d.place},
            reverse("dialogues:reception", args=[d.unit.code]))


def _visit(v: ReceptionVisit) -> tuple[str, str]:
    # The visitor is never named: the reception day's officer page (permission-checked) holds the visit.
    return (gettext("Lượt tiếp số %(n)s: %(kind)s") % {"n": v.pk, "kind": label(v.get_kind_display())},
            reverse("dialogues:reception_day", args=[v.reception_day_id]))


def _visit_case(v: ReceptionVisit) -> tuple[str, str]:
    return (gettext("Hồ sơ %(code)s (lượt tiếp số %(n)s)") % {"code": v.case_code, "n": v.pk},
            reverse("dialogues:reception_day", args=[v.reception_day_id]))


def _overdue_commitments(today: dt.date | None = None):
    """Commitments whose deadline has passed and was not met: still open, or done after the deadline."""
    today = today or timezone.localdate()
    return Commitment.objects.filter(Q(status=CommitmentStatus.OPEN) | Q(done_on__gt=F("due_on")), due_on__lt=today)


dialogues_held, dialogues_held_records = _pair(
    lambda: Dialogue.objects.filter(status=DialogueStatus.HELD), unit_field="unit_id", day_field="held_on",
    describe=_dialogue, related=("unit",))
# Every question the people put to a dialogue not cancelled, however it came (web, paper, in the hall).
questions_registered, questions_registered_records = _pair(
    lambda: DialogueQuestion.objects.exclude(dialogue__status=DialogueStatus.CANCELLED),
    unit_field="dialogue__unit_id", day_field="received_on", describe=_question, related=("dialogue__unit",))
questions_answered, questions_answered_records = _pair(
    lambda: DialogueQuestion.objects.filter(answered_on__isnull=False), unit_field="dialogue__unit_id",
    day_field="answered_on", describe=_question, related=("dialogue__unit",))
commitments_made, commitments_made_records = _pair(
    lambda: Commitment.objects.all(), unit_field="dialogue__unit_id", day_field="made_on", describe=_commitment,
    related=("dialogue__unit",))
commitments_kept_on_time, commitments_kept_on_time_records = _pair(
    lambda: Commitment.objects.filter(status=CommitmentStatus.DONE, done_on__lte=F("due_on")),
    unit_field="dialogue__unit_id", day_field="done_on", describe=_commitment, related=("dialogue__unit",))
# Counted on the deadline, up to yesterday.
commitments_overdue, commitments_overdue_records = _pair(
    _overdue_commitments, unit_field="dialogue__unit_id", day_field="due_on", describe=_commitment,
    related=("dialogue__unit",))
# Regular days the head received in person (frequencies.py: ad-hoc days and deputies do not count).
reception_days_held, reception_days_held_records = _pair(
    lambda: ReceptionDay.objects.filter(status=ReceptionStatus.HELD, kind=ReceptionKind.REGULAR),
    unit_field="unit_id", day_field="day", describe=_reception_day, related=("unit",))
reception_adhoc_held, reception_adhoc_held_records = _pair(
    lambda: ReceptionDay.objects.filter(status=ReceptionStatus.HELD, kind=ReceptionKind.AD_HOC),
    unit_field="unit_id", day_field="day", describe=_reception_day, related=("unit",))


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


def reception_days_required_records(*, start: dt.date, end: dt.date, unit_ids: Collection[int] | None = None,
                                    limit: int):
    """Not stored records but the law's calendar: per unit and day, the reception days required,
    linking to the unit's public reception calendar."""
    rows = reception_days_required_reporting(start=start, end=end, unit_ids=unit_ids)
    rows = sorted(rows, key=lambda r: (r[1], r[0]))[:max(0, int(limit))]
    codes = dict(Unit.objects.filter(pk__in={u for u, _, _ in rows}).values_list("pk", "code"))
    return [(u, d, ngettext("%(n)s ngày phải tiếp công dân định kỳ theo quy định",
                            "%(n)s ngày phải tiếp công dân định kỳ theo quy định", n) % {"n": n},
             reverse("dialogues:reception", args=[codes[u]]) if u in codes else "") for u, d, n in rows]


visits_received, visits_received_records = _pair(
    lambda: ReceptionVisit.objects.all(), unit_field="reception_day__unit_id", day_field="reception_day__day",
    describe=_visit)
cases_from_visits, cases_from_visits_records = _pair(
    lambda: ReceptionVisit.objects.exclude(case_code=""), unit_field="reception_day__unit_id",
    day_field="reception_day__day", describe=_visit_case)


REG_11 = "Quy định 11-QĐi/TW, sửa đổi bởi Kết luận 215-KL/TW"
INDICATORS = (
    Indicator("dialogues.held", gettext_noop("Số cuộc đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân"),
              gettext_noop("Cuộc đối thoại đã tổ chức, tính theo ngày đối thoại."), gettext_noop("cuộc"), "inspect",
              counter=dialogues_held, records=dialogues_held_records, drill_url_name="dialogues:public", order=300,
              article="Luật 10/2022/QH15, Điều 32; " + REG_11),
    Indicator("dialogues.questions_registered", gettext_noop("Số câu hỏi, ý kiến người dân gửi đến đối thoại"),
              gettext_noop("Câu hỏi đăng ký trực tuyến, thu qua phiếu, hòm thư hoặc nêu tại buổi đối thoại, tính theo "
                           "ngày nhận."),
              gettext_noop("câu hỏi"), "inspect", counter=questions_registered, records=questions_registered_records,
              drill_url_name="dialogues:public", order=301, article="Luật 10/2022/QH15, Điều 31, 32"),
    Indicator("dialogues.questions_answered", gettext_noop("Số câu hỏi đã được trả lời tại đối thoại"),
              gettext_noop("Câu hỏi đã ghi câu trả lời, tính theo ngày trả lời."), gettext_noop("câu hỏi"), "inspect",
              counter=questions_answered, records=questions_answered_records, drill_url_name="dialogues:public",
              order=302, article="Luật 10/2022/QH15, Điều 32"),
    Indicator("dialogues.commitments_made", gettext_noop("Số cam kết của người đứng đầu sau đối thoại"),
              gettext_noop("Cam kết ghi tại đối thoại (có người chịu trách nhiệm và hạn), tính theo ngày đối thoại."),
              gettext_noop("cam kết"), "inspect", counter=commitments_made, records=commitments_made_records,
              drill_url_name="dialogues:commitments", order=303, article=REG_11),
    Indicator("dialogues.commitments_kept_on_time", gettext_noop("Số cam kết hoàn thành đúng hạn"),
              gettext_noop("Cam kết hoàn thành không muộn hơn hạn, tính theo ngày hoàn thành."), gettext_noop("cam kết"),
              "inspect", counter=commitments_kept_on_time, records=commitments_kept_on_time_records,
              drill_url_name="dialogues:commitments", order=304, article=REG_11),
    Indicator("dialogues.commitments_overdue", gettext_noop("Số cam kết quá hạn"),
              gettext_noop("Cam kết đến hạn trong kỳ mà chưa hoàn thành hoặc hoàn thành sau hạn, tính theo ngày đến "
                           "hạn."),
              gettext_noop("cam kết"), "inspect", counter=commitments_overdue, records=commitments_overdue_records,
              drill_url_name="dialogues:commitments", order=305, article=REG_11),
    Indicator("reception.days_held", gettext_noop("Số ngày người đứng đầu trực tiếp tiếp công dân định kỳ"),
              gettext_noop("Ngày tiếp định kỳ do chính người đứng đầu tiếp (không tính cấp phó tiếp thay), tính theo "
                           "ngày tiếp."),
              gettext_noop("ngày"), "inspect", counter=reception_days_held, records=reception_days_held_records,
              drill_url_name="dialogues:reception", order=310,
              article="Luật Tiếp công dân 2013, Điều 12, 15 (sửa đổi bởi Luật 136/2025/QH15); " + REG_11),
    Indicator("reception.days_required",
              gettext_noop("Số ngày tiếp công dân định kỳ theo quy định (đơn vị có lịch tiếp trên hệ thống)"),
              gettext_noop("Số ngày người đứng đầu cấp ủy, chính quyền tỉnh, xã phải tiếp công dân theo tần suất luật "
                           "định, chỉ tính các tỉnh, xã đã ghi ít nhất một ngày tiếp công dân trên hệ thống (đơn vị "
                           "chưa dùng lịch tiếp không bị tính là bỏ tiếp)."),
              gettext_noop("ngày"), "inspect", counter=reception_days_required_reporting,
              records=reception_days_required_records, drill_url_name="dialogues:reception", order=311,
              article="Luật Tiếp công dân 2013, Điều 12 khoản 5, Điều 15 khoản 2 (sửa đổi bởi Luật 136/2025/QH15); "
                      + REG_11),
    Indicator("reception.days_held_rate", gettext_noop("Tỷ lệ ngày tiếp công dân định kỳ đã thực hiện"),
              gettext_noop("Ngày tiếp định kỳ đã thực hiện trên số ngày phải tiếp theo quy định."), "%", "inspect",
              ratio_of=("reception.days_held", "reception.days_required"), order=312),
    Indicator("reception.adhoc_held", gettext_noop("Số lần tiếp công dân đột xuất"),
              gettext_noop("Ngày tiếp đột xuất của người đứng đầu."), gettext_noop("lần"), "inspect",
              counter=reception_adhoc_held, records=reception_adhoc_held_records, drill_url_name="dialogues:reception",
              order=313, article=REG_11),
    Indicator("reception.visits", gettext_noop("Số lượt công dân được tiếp"),
              gettext_noop("Lượt tiếp (một người hoặc một đoàn), tính theo ngày tiếp."), gettext_noop("lượt"), "inspect",
              counter=visits_received, records=visits_received_records, drill_url_name="dialogues:reception",
              order=314, article="Luật Tiếp công dân 2013"),
    Indicator("reception.cases_created", gettext_noop("Số vụ việc tiếp nhận qua tiếp công dân"),
              gettext_noop("Lượt tiếp có khiếu nại, tố cáo, kiến nghị, phản ánh được chuyển thành hồ sơ, tính theo ngày "
                           "tiếp."),
              gettext_noop("vụ việc"), "inspect", counter=cases_from_visits, records=cases_from_visits_records,
              drill_url_name="dialogues:reception", order=315, article="Luật Tiếp công dân 2013, Điều 28"),
)


def register() -> None:
    for item in INDICATORS:
        register_indicator(item)
