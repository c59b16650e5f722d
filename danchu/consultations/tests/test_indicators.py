"""Each indicator counter against hand-counted fixtures."""

import datetime as dt

from django.utils import timezone

from danchu.consultations import indicators, services
from danchu.consultations.models import AnswerKind, Consultation, Opinion, Source
from danchu.core.indicators import indicator

from .factories import consultation, end_period, resident


def _sum(rows, unit_id=None):
    return sum(n for u, _, n in rows if unit_id is None or u == unit_id)


def test_counters_by_unit(tree, officer_a, officer_b):
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=60), today + dt.timedelta(days=1)
    a = consultation(officer_a, tree["a"])
    consultation(officer_a, tree["a"], publish=False)  # a draft is not held
    b = consultation(officer_b, tree["b"])
    r1, r2, rb = resident(tree["a1"]), resident(tree["a2"]), resident(tree["b1"])
    o1 = services.opinion_create(actor=r1, consultation=a, text="Một")
    o2 = services.opinion_create(actor=r2, consultation=a, text="Hai")
    services.opinion_record(actor=officer_a, consultation=a, text="Ba", source=Source.PAPER, source_note="Phiếu 1")
    hidden = services.opinion_create(actor=r2, consultation=a, text="Bốn")
    services.opinion_hide(actor=officer_a, opinion=hidden, reason="Thô tục")
    services.opinion_create(actor=rb, consultation=b, text="Xã B")
    services.opinion_answer(actor=officer_a, opinion=o1, kind=AnswerKind.EXPLAINED, text="Lý do")
    services.opinion_answer(actor=officer_a, opinion=o2, kind=AnswerKind.EXPLAINED, text="Lý do")
    Opinion.objects.filter(pk=o2.pk).update(answered_at=timezone.now() + dt.timedelta(days=90))  # late
    Consultation.objects.filter(pk=a.pk).update(answer_due=today + dt.timedelta(days=30))
    ids = [tree["a"].pk]
    assert _sum(indicators.held(start=start, end=end, unit_ids=ids)) == 1
    assert _sum(indicators.held(start=start, end=end)) == 2
    assert _sum(indicators.opinions(start=start, end=end, unit_ids=ids)) == 3
    assert _sum(indicators.answered(start=start, end=end + dt.timedelta(days=100), unit_ids=ids)) == 2
    assert _sum(indicators.answered_on_time(start=start, end=end + dt.timedelta(days=100), unit_ids=ids)) == 1
    assert _sum(indicators.participants(start=start, end=end, unit_ids=ids)) == 0  # period not over yet
    end_period(a)
    # r1 and r2 online (r2's hidden opinion still took part) + one paper opinion
    assert _sum(indicators.participants(start=start, end=end, unit_ids=ids)) == 3
    assert indicator("consultations.answered_on_time_rate").ratio_of == ("consultations.answered_on_time",
                                                                          "consultations.answered")
    assert _sum(indicators.held(start=today + dt.timedelta(days=1), end=end, unit_ids=ids)) == 0
