"""What reports count about consultations (core.indicators): consultations held, participants,
opinions, opinions answered, opinions answered on time (Law Art. 28; reports to the People's Council
and the Front, Art. 28(4))."""

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, ngettext

from danchu.core.indicators import Indicator, grouped_count, listed_records

from .models import Consultation, Opinion, OpinionStatus, Status

ARTICLE = "Luật 10/2022/QH15, Điều 25–28"


def _page(c: Consultation) -> str:
    return reverse("consultations:detail", args=[c.pk])


def _held_qs():
    return Consultation.objects.exclude(status=Status.DRAFT)


def held(*, start, end, unit_ids=None):
    """Consultations published, counted on the day the period opened."""
    return grouped_count(_held_qs(), unit_field="unit_id", day_field="opens_at", start=start, end=end,
                         unit_ids=unit_ids)


def held_records(*, start, end, unit_ids=None, limit):
    return listed_records(_held_qs(), unit_field="unit_id", day_field="opens_at", start=start, end=end,
                          unit_ids=unit_ids, limit=limit, describe=lambda c: (c.title, _page(c)))


OFFLINE = Count("opinions", filter=Q(opinions__author__isnull=True, opinions__status=OpinionStatus.VISIBLE))


def _closed_qs():
    from django.utils import timezone

    return Consultation.objects.exclude(status=Status.DRAFT).filter(closes_at__lte=timezone.now())


def participants_records(*, start, end, unit_ids=None, limit):
    """The consultations closed in the period, each with its participants (online and offline)."""
    qs = _closed_qs().annotate(_offline=OFFLINE)

    def describe(c):
        n = (c.participants_count or 0) + c._offline
        return f"{c.title} — " + ngettext("%(n)s người tham gia", "%(n)s người tham gia", n) % {"n": n}, _page(c)
    return listed_records(qs, unit_field="unit_id", day_field="closes_at", start=start, end=end, unit_ids=unit_ids,
                          limit=limit, describe=describe)


def participants(*, start, end, unit_ids=None):
    """People who took part online plus opinions collected offline, on the day the period closed."""
    qs = _closed_qs()
    offline = OFFLINE
    rows = grouped_count(qs, unit_field="unit_id", day_field="closes_at", start=start, end=end, unit_ids=unit_ids,
                         value=Sum("participants_count"))
    extra = {(u, d): n for u, d, n in grouped_count(qs, unit_field="unit_id", day_field="closes_at", start=start, end=end,
                                                    unit_ids=unit_ids, value=offline)}
    return [(u, d, n + extra.get((u, d), 0)) for u, d, n in rows]


def _opinion_records(qs_of, day_field):
    """Each opinion behind the figure, named by its consultation (not by its author, nor its text),
    linking to the consultation's page where the visible opinions are read."""
    def records(*, start, end, unit_ids=None, limit):
        return listed_records(qs_of().select_related("consultation"), unit_field="consultation__unit_id",
                              day_field=day_field, start=start, end=end, unit_ids=unit_ids, limit=limit,
                              describe=lambda o: (gettext("Ý kiến số %(n)s về “%(title)s”") % {
                                  "n": o.pk, "title": o.consultation.title}, _page(o.consultation)))
    return records


def _opinions_qs():
    return Opinion.objects.filter(status=OpinionStatus.VISIBLE)


def _answered_qs():
    return Opinion.objects.filter(status=OpinionStatus.VISIBLE).exclude(answer_kind="")


def _answered_on_time_qs():
    return _answered_qs().filter(answered_at__date__lte=F("consultation__answer_due"))


def opinions(*, start, end, unit_ids=None):
    """Opinions received (visible), on the day received."""
    return grouped_count(_opinions_qs(), unit_field="consultation__unit_id", day_field="created_at", start=start,
                         end=end, unit_ids=unit_ids)


def answered(*, start, end, unit_ids=None):
    """Opinions taken on board or explained, on the day answered."""
    return grouped_count(_answered_qs(), unit_field="consultation__unit_id", day_field="answered_at", start=start,
                         end=end, unit_ids=unit_ids)


def answered_on_time(*, start, end, unit_ids=None):
    """Opinions answered no later than the consultation's answer due date."""
    return grouped_count(_answered_on_time_qs(), unit_field="consultation__unit_id", day_field="answered_at",
                         start=start, end=end, unit_ids=unit_ids)


INDICATORS = [
    Indicator(code="consultations.held", name=gettext_noop("Số cuộc lấy ý kiến Nhân dân về dự thảo"),
              definition=gettext_noop("Số dự thảo được công bố lấy ý kiến, tính theo ngày bắt đầu lấy ý kiến."),
              measure=gettext_noop("cuộc"), pillar="opinion", counter=held, records=held_records,
              drill_url_name="consultations:public", order=60, article=ARTICLE),
    Indicator(code="consultations.participants", name=gettext_noop("Số người tham gia góp ý"),
              definition=gettext_noop("Số người góp ý hoặc bày tỏ đồng ý, không đồng ý trực tuyến cộng số ý kiến thu "
                                      "trực tiếp, tính theo ngày kết thúc lấy ý kiến."),
              measure=gettext_noop("người"), pillar="opinion", counter=participants, records=participants_records,
              order=61, article=ARTICLE),
    Indicator(code="consultations.opinions", name=gettext_noop("Số ý kiến góp ý dự thảo"),
              definition=gettext_noop("Số ý kiến nhận được (không tính ý kiến bị ẩn), tính theo ngày nhận."),
              measure=gettext_noop("ý kiến"), pillar="opinion", counter=opinions,
              records=_opinion_records(_opinions_qs, "created_at"), order=62, article=ARTICLE),
    Indicator(code="consultations.answered", name=gettext_noop("Số ý kiến đã được tiếp thu, giải trình"),
              definition=gettext_noop("Số ý kiến đã được tiếp thu hoặc giải trình, tính theo ngày trả lời."),
              measure=gettext_noop("ý kiến"), pillar="opinion", counter=answered,
              records=_opinion_records(_answered_qs, "answered_at"), order=63,
              article="Luật 10/2022/QH15, Điều 28 khoản 3"),
    Indicator(code="consultations.answered_on_time", name=gettext_noop("Số ý kiến được trả lời đúng hạn"),
              definition=gettext_noop("Số ý kiến được tiếp thu, giải trình không muộn hơn hạn trả lời của cuộc lấy "
                                      "ý kiến."),
              measure=gettext_noop("ý kiến"), pillar="opinion", counter=answered_on_time,
              records=_opinion_records(_answered_on_time_qs, "answered_at"), order=64,
              article="Luật 10/2022/QH15, Điều 28 khoản 3"),
    Indicator(code="consultations.answered_on_time_rate", name=gettext_noop("Tỷ lệ ý kiến được trả lời đúng hạn"),
              definition=gettext_noop("Số ý kiến trả lời đúng hạn trên số ý kiến đã trả lời."), measure="%",
              pillar="opinion", ratio_of=("consultations.answered_on_time", "consultations.answered"), order=65,
              article="Luật 10/2022/QH15, Điều 28 khoản 3"),
]
