"""The figures Steering Committees quote about "dân kiểm tra, dân giám sát" (the seeds: "Mặt trận Tổ quốc,
tổ chức chính trị - xã hội các cấp tổ chức 86 cuộc giám sát và 125 hội nghị phản biện xã hội"), as
core.indicators counters: (unit, day, n) rows for a date range, one row per unit and day.

- a supervision or an inspection counts once, on the day it was completed (`held_on`), on its unit;
  planned ones (no findings yet) do not count;
- a social-criticism conference counts on the day it was held; other forms of social criticism
  (written comments, dialogue) are a separate figure;
- a recommendation counts as made on the day it was sent, as accepted on the day the addressee
  accepted it in full or in part, as closed on the day the board closed it, and as overdue on the
  first day its answer was late (whether it was answered late or not yet).
"""

from __future__ import annotations

from danchu.core.indicators import Indicator, grouped_count

from .models import CriticismForm, Inspection, Recommendation, SocialCriticism, Supervision, SupervisionKind

ART_BOARD = "Luật 10/2022/QH15, Điều 36–40, 60–63"
ART_INVEST = "Luật 10/2022/QH15, Điều 41–45"
ART_FRONT = "Luật 10/2022/QH15, Điều 87; Luật MTTQ Việt Nam, Điều 25–36"


def inspections_held(*, start, end, unit_ids=None):
    return grouped_count(Inspection.objects.filter(held_on__isnull=False), unit_field="unit_id", day_field="held_on",
                         start=start, end=end, unit_ids=unit_ids)


def _supervisions(kind):
    def counter(*, start, end, unit_ids=None):
        return grouped_count(Supervision.objects.filter(kind=kind, held_on__isnull=False), unit_field="unit_id",
                             day_field="held_on", start=start, end=end, unit_ids=unit_ids)
    return counter


def _criticisms(conference: bool):
    def counter(*, start, end, unit_ids=None):
        qs = SocialCriticism.objects.all()
        qs = qs.filter(form=CriticismForm.CONFERENCE) if conference else qs.exclude(form=CriticismForm.CONFERENCE)
        return grouped_count(qs, unit_field="unit_id", day_field="held_on", start=start, end=end, unit_ids=unit_ids)
    return counter


def _recommendations(day_field: str, **filters):
    def counter(*, start, end, unit_ids=None):
        qs = Recommendation.objects.filter(**{f"{day_field}__isnull": False}, **filters)
        return grouped_count(qs, unit_field="unit_id", day_field=day_field, start=start, end=end, unit_ids=unit_ids)
    return counter


INDICATORS = (
    Indicator("oversight.inspections_held", "Cuộc kiểm tra, giám sát của Ban thanh tra nhân dân",
              "Số cuộc kiểm tra, giám sát Ban thanh tra nhân dân đã tiến hành, tính theo ngày hoàn thành.",
              "cuộc", "inspect", counter=inspections_held, drill_url_name="oversight:manage", order=330, article=ART_BOARD),
    Indicator("oversight.investment_supervisions_held", "Cuộc giám sát đầu tư của cộng đồng",
              "Số cuộc giám sát công trình, dự án của Ban giám sát đầu tư của cộng đồng, tính theo ngày hoàn thành.",
              "cuộc", "inspect", counter=_supervisions(SupervisionKind.INVESTMENT), drill_url_name="oversight:manage",
              order=331, article=ART_INVEST),
    Indicator("oversight.front_supervisions_held", "Cuộc giám sát của MTTQ, tổ chức chính trị - xã hội",
              "Số cuộc giám sát do Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tổ chức, tính theo ngày hoàn thành.",
              "cuộc", "inspect", counter=_supervisions(SupervisionKind.FRONT), drill_url_name="oversight:manage",
              order=332, article=ART_FRONT),
    Indicator("oversight.social_criticism_conferences", "Hội nghị phản biện xã hội",
              "Số hội nghị phản biện xã hội do Mặt trận và các tổ chức chính trị - xã hội tổ chức, tính theo ngày tổ chức.",
              "hội nghị", "inspect", counter=_criticisms(True), drill_url_name="oversight:manage", order=333,
              article=ART_FRONT),
    Indicator("oversight.social_criticisms_other", "Phản biện xã hội bằng văn bản, đối thoại",
              "Số lần phản biện xã hội bằng hình thức gửi dự thảo lấy ý kiến hoặc đối thoại trực tiếp, tính theo ngày thực hiện.",
              "lần", "inspect", counter=_criticisms(False), drill_url_name="oversight:manage", order=334,
              article=ART_FRONT),
    Indicator("oversight.recommendations_made", "Kiến nghị sau kiểm tra, giám sát",
              "Số kiến nghị Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng, Mặt trận gửi, tính theo ngày gửi.",
              "kiến nghị", "inspect", counter=_recommendations("sent_on"), drill_url_name="oversight:recommendations",
              order=340, article=ART_BOARD),
    Indicator("oversight.recommendations_accepted", "Kiến nghị được tiếp thu",
              "Số kiến nghị được cơ quan nhận tiếp thu toàn bộ hoặc một phần, tính theo ngày trả lời.",
              "kiến nghị", "inspect", counter=_recommendations("answered_on", answer_position__in=["accepted", "partly"]),
              drill_url_name="oversight:recommendations", order=341, article="Luật 10/2022/QH15, Điều 40 khoản 1, Điều 45 khoản 2"),
    Indicator("oversight.recommendations_closed", "Kiến nghị đã kết thúc theo dõi",
              "Số kiến nghị đã kết thúc theo dõi (đã thực hiện, thực hiện một phần, không được tiếp thu), tính theo ngày kết thúc.",
              "kiến nghị", "inspect", counter=_recommendations("closed_on"), drill_url_name="oversight:recommendations",
              order=342, article=ART_BOARD),
    Indicator("oversight.recommendations_overdue", "Kiến nghị quá hạn trả lời",
              "Số kiến nghị không được trả lời trong hạn (15 ngày với UBND xã, thủ trưởng cơ quan), tính theo ngày đầu tiên quá hạn.",
              "kiến nghị", "inspect", counter=_recommendations("overdue_on"), drill_url_name="oversight:recommendations",
              order=343, article="Luật 10/2022/QH15, Điều 40 khoản 1, Điều 45 khoản 2, Điều 63 khoản 1"),
)
