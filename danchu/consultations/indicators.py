"""What reports count about consultations (core.indicators): consultations held, participants,
opinions, opinions answered, opinions answered on time (Law Art. 28; reports to the People's Council
and the Front, Art. 28(4))."""

from django.db.models import Count, F, Q, Sum

from danchu.core.indicators import Indicator, grouped_count

from .models import Consultation, Opinion, OpinionStatus, Status

ARTICLE = "Luật 10/2022/QH15, Điều 25–28"


def held(*, start, end, unit_ids=None):
    """Consultations published, counted on the day the period opened."""
    qs = Consultation.objects.exclude(status=Status.DRAFT)
    return grouped_count(qs, unit_field="unit_id", day_field="opens_at", start=start, end=end, unit_ids=unit_ids)


def participants(*, start, end, unit_ids=None):
    """People who took part online plus opinions collected offline, on the day the period closed."""
    from django.utils import timezone

    qs = Consultation.objects.exclude(status=Status.DRAFT).filter(closes_at__lte=timezone.now())
    offline = Count("opinions", filter=Q(opinions__author__isnull=True, opinions__status=OpinionStatus.VISIBLE))
    rows = grouped_count(qs, unit_field="unit_id", day_field="closes_at", start=start, end=end, unit_ids=unit_ids,
                         value=Sum("participants_count"))
    extra = {(u, d): n for u, d, n in grouped_count(qs, unit_field="unit_id", day_field="closes_at", start=start, end=end,
                                                    unit_ids=unit_ids, value=offline)}
    return [(u, d, n + extra.get((u, d), 0)) for u, d, n in rows]


def opinions(*, start, end, unit_ids=None):
    """Opinions received (visible), on the day received."""
    qs = Opinion.objects.filter(status=OpinionStatus.VISIBLE)
    return grouped_count(qs, unit_field="consultation__unit_id", day_field="created_at", start=start, end=end,
                         unit_ids=unit_ids)


def answered(*, start, end, unit_ids=None):
    """Opinions taken on board or explained, on the day answered."""
    qs = Opinion.objects.filter(status=OpinionStatus.VISIBLE).exclude(answer_kind="")
    return grouped_count(qs, unit_field="consultation__unit_id", day_field="answered_at", start=start, end=end,
                         unit_ids=unit_ids)


def answered_on_time(*, start, end, unit_ids=None):
    """Opinions answered no later than the consultation's answer due date."""
    qs = (Opinion.objects.filter(status=OpinionStatus.VISIBLE).exclude(answer_kind="")
          .filter(answered_at__date__lte=F("consultation__answer_due")))
    return grouped_count(qs, unit_field="consultation__unit_id", day_field="answered_at", start=start, end=end,
                         unit_ids=unit_ids)


INDICATORS = [
    Indicator(code="consultations.held", name="Số cuộc lấy ý kiến Nhân dân về dự thảo",
              definition="Số dự thảo được công bố lấy ý kiến, tính theo ngày bắt đầu lấy ý kiến.", measure="cuộc",
              pillar="opinion", counter=held, drill_url_name="consultations:public", order=60, article=ARTICLE),
    Indicator(code="consultations.participants", name="Số người tham gia góp ý",
              definition="Số người góp ý hoặc bày tỏ đồng ý, không đồng ý trực tuyến cộng số ý kiến thu trực tiếp, "
                         "tính theo ngày kết thúc lấy ý kiến.",
              measure="người", pillar="opinion", counter=participants, order=61, article=ARTICLE),
    Indicator(code="consultations.opinions", name="Số ý kiến góp ý dự thảo",
              definition="Số ý kiến nhận được (không tính ý kiến bị ẩn), tính theo ngày nhận.", measure="ý kiến",
              pillar="opinion", counter=opinions, order=62, article=ARTICLE),
    Indicator(code="consultations.answered", name="Số ý kiến đã được tiếp thu, giải trình",
              definition="Số ý kiến đã được tiếp thu hoặc giải trình, tính theo ngày trả lời.", measure="ý kiến",
              pillar="opinion", counter=answered, order=63, article="Luật 10/2022/QH15, Điều 28 khoản 3"),
    Indicator(code="consultations.answered_on_time", name="Số ý kiến được trả lời đúng hạn",
              definition="Số ý kiến được tiếp thu, giải trình không muộn hơn hạn trả lời của cuộc lấy ý kiến.",
              measure="ý kiến", pillar="opinion", counter=answered_on_time, order=64,
              article="Luật 10/2022/QH15, Điều 28 khoản 3"),
    Indicator(code="consultations.answered_on_time_rate", name="Tỷ lệ ý kiến được trả lời đúng hạn",
              definition="Số ý kiến trả lời đúng hạn trên số ý kiến đã trả lời.", measure="%", pillar="opinion",
              ratio_of=("consultations.answered_on_time", "consultations.answered"), order=65,
              article="Luật 10/2022/QH15, Điều 28 khoản 3"),
]
