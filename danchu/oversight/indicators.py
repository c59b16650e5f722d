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

from django.urls import reverse
from django.utils.translation import gettext_noop

from danchu.core.indicators import Indicator, grouped_count, listed_records

from .models import CriticismForm, Inspection, Recommendation, SocialCriticism, Supervision, SupervisionKind

ART_BOARD = "Luật 10/2022/QH15, Điều 36–40, 60–63"
ART_INVEST = "Luật 10/2022/QH15, Điều 41–45"
ART_FRONT = "Luật 10/2022/QH15, Điều 87; Luật MTTQ Việt Nam, Điều 25–36"


def _short(text: str, n: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _pair(qs_of, *, day_field: str, describe):
    """The counter and the records of one set of rows, filtered the same way; each record links to its
    officer page, which checks the reader's own rights."""
    def counter(*, start, end, unit_ids=None):
        return grouped_count(qs_of(), unit_field="unit_id", day_field=day_field, start=start, end=end,
                             unit_ids=unit_ids)

    def records(*, start, end, unit_ids=None, limit):
        return listed_records(qs_of(), unit_field="unit_id", day_field=day_field, start=start, end=end,
                              unit_ids=unit_ids, limit=limit, describe=describe)
    return {"counter": counter, "records": records}


def _inspection(i: Inspection):
    return _short(i.subject), reverse("oversight:inspection", args=[i.pk])


def _supervision(s: Supervision):
    return _short(s.subject), reverse("oversight:supervision", args=[s.pk])


def _criticism(c: SocialCriticism):
    return _short(c.draft_title), reverse("oversight:criticism", args=[c.pk])


def _recommendation(r: Recommendation):
    return _short(r.content), reverse("oversight:recommendation", args=[r.pk])


def _inspections():
    return _pair(lambda: Inspection.objects.filter(held_on__isnull=False), day_field="held_on", describe=_inspection)


def _supervisions(kind):
    return _pair(lambda: Supervision.objects.filter(kind=kind, held_on__isnull=False), day_field="held_on",
                 describe=_supervision)


def _criticisms(conference: bool):
    def qs_of():
        qs = SocialCriticism.objects.all()
        return qs.filter(form=CriticismForm.CONFERENCE) if conference else qs.exclude(form=CriticismForm.CONFERENCE)
    return _pair(qs_of, day_field="held_on", describe=_criticism)


def _recommendations(day_field: str, **filters):
    return _pair(lambda: Recommendation.objects.filter(**{f"{day_field}__isnull": False}, **filters),
                 day_field=day_field, describe=_recommendation)


inspections_held = _inspections()["counter"]


INDICATORS = (
    Indicator("oversight.inspections_held", gettext_noop("Cuộc kiểm tra, giám sát của Ban thanh tra nhân dân"),
              gettext_noop("Số cuộc kiểm tra, giám sát Ban thanh tra nhân dân đã tiến hành, tính theo ngày hoàn thành."),
              gettext_noop("cuộc"), "inspect", **_inspections(), drill_url_name="oversight:manage", order=330,
              article=ART_BOARD),
    Indicator("oversight.investment_supervisions_held", gettext_noop("Cuộc giám sát đầu tư của cộng đồng"),
              gettext_noop("Số cuộc giám sát công trình, dự án của Ban giám sát đầu tư của cộng đồng, tính theo ngày "
                           "hoàn thành."),
              gettext_noop("cuộc"), "inspect", **_supervisions(SupervisionKind.INVESTMENT),
              drill_url_name="oversight:manage", order=331, article=ART_INVEST),
    Indicator("oversight.front_supervisions_held", gettext_noop("Cuộc giám sát của MTTQ, tổ chức chính trị - xã hội"),
              gettext_noop("Số cuộc giám sát do Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tổ chức, tính theo "
                           "ngày hoàn thành."),
              gettext_noop("cuộc"), "inspect", **_supervisions(SupervisionKind.FRONT), drill_url_name="oversight:manage",
              order=332, article=ART_FRONT),
    Indicator("oversight.social_criticism_conferences", gettext_noop("Hội nghị phản biện xã hội"),
              gettext_noop("Số hội nghị phản biện xã hội do Mặt trận và các tổ chức chính trị - xã hội tổ chức, tính "
                           "theo ngày tổ chức."),
              gettext_noop("hội nghị"), "inspect", **_criticisms(True), drill_url_name="oversight:manage", order=333,
              article=ART_FRONT),
    Indicator("oversight.social_criticisms_other", gettext_noop("Phản biện xã hội bằng văn bản, đối thoại"),
              gettext_noop("Số lần phản biện xã hội bằng hình thức gửi dự thảo lấy ý kiến hoặc đối thoại trực tiếp, "
                           "tính theo ngày thực hiện."),
              gettext_noop("lần"), "inspect", **_criticisms(False), drill_url_name="oversight:manage", order=334,
              article=ART_FRONT),
    Indicator("oversight.recommendations_made", gettext_noop("Kiến nghị sau kiểm tra, giám sát"),
              gettext_noop("Số kiến nghị Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng, Mặt trận gửi, tính "
                           "theo ngày gửi."),
              gettext_noop("kiến nghị"), "inspect", **_recommendations("sent_on"),
              drill_url_name="oversight:recommendations", order=340, article=ART_BOARD),
    Indicator("oversight.recommendations_accepted", gettext_noop("Kiến nghị được tiếp thu"),
              gettext_noop("Số kiến nghị được cơ quan nhận tiếp thu toàn bộ hoặc một phần, tính theo ngày trả lời."),
              gettext_noop("kiến nghị"), "inspect",
              **_recommendations("answered_on", answer_position__in=["accepted", "partly"]),
              drill_url_name="oversight:recommendations", order=341,
              article="Luật 10/2022/QH15, Điều 40 khoản 1, Điều 45 khoản 2"),
    Indicator("oversight.recommendations_closed", gettext_noop("Kiến nghị đã kết thúc theo dõi"),
              gettext_noop("Số kiến nghị đã kết thúc theo dõi (đã thực hiện, thực hiện một phần, không được tiếp thu), "
                           "tính theo ngày kết thúc."),
              gettext_noop("kiến nghị"), "inspect", **_recommendations("closed_on"),
              drill_url_name="oversight:recommendations", order=342, article=ART_BOARD),
    Indicator("oversight.recommendations_overdue", gettext_noop("Kiến nghị quá hạn trả lời"),
              gettext_noop("Số kiến nghị không được trả lời trong hạn (15 ngày với UBND xã, thủ trưởng cơ quan), tính "
                           "theo ngày đầu tiên quá hạn."),
              gettext_noop("kiến nghị"), "inspect", **_recommendations("overdue_on"),
              drill_url_name="oversight:recommendations", order=343,
              article="Luật 10/2022/QH15, Điều 40 khoản 1, Điều 45 khoản 2, Điều 63 khoản 1"),
)
