"""Each indicator counter against a hand-counted fixture (core.indicators signature)."""

import datetime as dt
from collections import defaultdict

import pytest

from danchu.core.indicators import indicator
from danchu.dialogues import indicators as ind
from danchu.dialogues import services
from danchu.dialogues.models import LeaderRole

from .helpers import days, dialogue, held_dialogue, paper_question, reception_day, today


def per_unit(rows) -> dict[int, int]:
    out = defaultdict(int)
    for unit_id, _day, n in rows:
        out[unit_id] += n
    return dict(out)


@pytest.fixture
def dialogues_fixture(tree, officer_a, officer_b, citizen):
    a, b = tree["a"], tree["b"]
    d1 = held_dialogue(officer_a, a, ago=10)
    q1 = paper_question(officer_a, d1, text="Câu hỏi một về đường", received_on=days(-15))
    q2 = paper_question(officer_a, d1, text="Câu hỏi hai về kênh", received_on=days(-12))
    paper_question(officer_a, d1, text="Câu hỏi ba tại hội trường", source="at_dialogue", source_note="")
    services.question_answer(actor=officer_a, question=q1, answer="Trả lời một")
    services.question_answer(actor=officer_a, question=q2, answer="Trả lời hai")
    d2 = dialogue(officer_a, a, held_on=days(5), topic="Sắp tới")
    services.question_register(user=citizen, dialogue=d2, text="Câu hỏi đăng ký trên cổng")
    d3 = dialogue(officer_a, a, held_on=days(3), topic="Bị hủy")
    paper_question(officer_a, d3, text="Câu hỏi của cuộc bị hủy")
    services.dialogue_cancel(actor=officer_a, dialogue=d3, reason="Mưa bão")

    def commit(d, due, done=None, actor=officer_a):
        c = services.commitment_add(actor=actor, dialogue=d, text="Cam kết", owner="UBND xã", due_on=due)
        if done is not None:
            services.commitment_complete(actor=actor, commitment=c, result="Đã xong", done_on=done)
        return c

    commit(d1, days(-5), done=days(-6))   # kept on time
    commit(d1, days(-3))                  # open, overdue
    commit(d1, days(10))                  # open, not yet due
    commit(d1, days(-8), done=days(-2))   # done late: overdue, not kept
    d4 = held_dialogue(officer_b, b, ago=4)
    commit(d4, days(-1), actor=officer_b)  # open, overdue
    return a, b


@pytest.mark.parametrize(("code", "expected"), [
    ("dialogues.held", {"a": 1, "b": 1}),
    ("dialogues.questions_registered", {"a": 4}),
    ("dialogues.questions_answered", {"a": 2}),
    ("dialogues.commitments_made", {"a": 4, "b": 1}),
    ("dialogues.commitments_kept_on_time", {"a": 1}),
    ("dialogues.commitments_overdue", {"a": 2, "b": 1}),
])
def test_dialogue_counters(dialogues_fixture, code, expected):
    a, b = dialogues_fixture
    names = {a.pk: "a", b.pk: "b"}
    counter = indicator(code).counter
    rows = counter(start=days(-30), end=today())
    assert {names[u]: n for u, n in per_unit(rows).items()} == expected
    # The same counter for one unit gives that unit's part, and every day lies in the period.
    only_b = counter(start=days(-30), end=today(), unit_ids=[b.pk])
    assert per_unit(only_b) == ({b.pk: expected["b"]} if "b" in expected else {})
    assert all(days(-30) <= d <= today() for _, d, _ in rows)


def test_dialogue_counters_respect_the_period(dialogues_fixture):
    a, _ = dialogues_fixture
    assert per_unit(ind.dialogues_held(start=days(-9), end=today())) == {dialogues_fixture[1].pk: 1}
    assert ind.commitments_overdue(start=today(), end=days(30)) == []  # nothing due in the future is overdue yet
    rows = ind.commitments_made(start=days(-10), end=days(-10))
    assert rows == [(a.pk, days(-10), 4)]


@pytest.fixture
def reception_fixture(tree, officer_a):
    a = tree["a"]
    chair = reception_day(officer_a, a, day=days(-1), held=True)
    reception_day(officer_a, a, day=days(-2), held=True, leader_role=LeaderRole.COMMUNE_PARTY_SECRETARY)
    deputy = reception_day(officer_a, a, day=days(-3))
    services.reception_day_record(actor=officer_a, reception_day=deputy, outcome="deputy", note="Phó chủ tịch tiếp thay")
    reception_day(officer_a, a, day=days(-4), held=True, kind="ad_hoc", reason="Đoàn đông người")
    reception_day(officer_a, a, day=days(6))
    services.visit_record(actor=officer_a, reception_day=chair, kind="guidance", visitor_name="Ông A", summary="Hỏi thủ tục")
    services.visit_record(actor=officer_a, reception_day=chair, kind="complaint", visitor_name="Bà B", visitor_address="Thôn 1",
                          summary="Khiếu nại quyết định", decision_complained="Quyết định 5/QĐ")
    services.visit_record(actor=officer_a, reception_day=deputy, kind="feedback", visitor_name="Ông C", summary="Đèn hỏng",
                          group_size=6)
    return a


@pytest.mark.parametrize(("code", "expected"), [
    ("reception.days_held", 2),
    ("reception.adhoc_held", 1),
    ("reception.visits", 3),
    ("reception.cases_created", 2),
])
def test_reception_counters(reception_fixture, code, expected):
    rows = indicator(code).counter(start=days(-30), end=today())
    assert per_unit(rows) == {reception_fixture.pk: expected}


def test_required_days_by_month_and_year(tree):
    a, p = tree["a"], tree["province"]
    units = [a.pk, p.pk]
    nov = ind.reception_days_required(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), unit_ids=units)
    assert sorted(nov) == sorted([(a.pk, dt.date(2026, 11, 1), 4), (p.pk, dt.date(2026, 11, 1), 2)])
    june = ind.reception_days_required(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30), unit_ids=[a.pk])
    # The secretary's two days on the first, the chair's weekly day on each Thursday (4, 11, 18, 25).
    assert sorted(june) == [(a.pk, dt.date(2026, 6, 1), 2)] + [(a.pk, dt.date(2026, 6, d), 1) for d in (4, 11, 18, 25)]
    year = per_unit(ind.reception_days_required(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), unit_ids=units))
    # Commune: 25 weeks Jan–Jun (26 Thursdays less the Tết week) + 2×6 (chair, Jul–Dec) + 2×12 (secretary).
    assert year == {a.pk: 25 + 12 + 24, p.pk: 12 + 12}


def test_required_days_stop_when_a_unit_ends(tree):
    b = tree["b"]
    b.valid_to = dt.date(2026, 6, 30)
    b.save(update_fields=["valid_to"])
    year = per_unit(ind.reception_days_required(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), unit_ids=[b.pk]))
    assert year == {b.pk: 25 + 12}


def test_required_days_for_every_unit_is_the_sum_of_each(tree):
    start, end = dt.date(2026, 5, 15), dt.date(2026, 8, 20)
    everyone = per_unit(ind.reception_days_required(start=start, end=end))
    each = {u.pk: per_unit(ind.reception_days_required(start=start, end=end, unit_ids=[u.pk])).get(u.pk, 0)
            for u in tree.values()}
    assert everyone == {k: v for k, v in each.items() if v}
    assert tree["a1"].pk not in everyone  # hamlets have no reception duty


def test_indicators_are_registered_with_articles():
    codes = [f"dialogues.{c}" for c in ("held", "questions_registered", "questions_answered", "commitments_made",
                                        "commitments_kept_on_time", "commitments_overdue")] + \
            [f"reception.{c}" for c in ("days_held", "days_required", "visits", "cases_created", "adhoc_held")]
    for code in codes:
        item = indicator(code)
        assert item is not None and item.counter is not None and item.article and item.pillar == "inspect"
    assert indicator("reception.days_held_rate").ratio_of == ("reception.days_held", "reception.days_required")


def test_required_days_count_only_units_that_keep_their_calendar_here(reception_fixture, tree):
    """Commune A records its reception days here; commune B and the province never have: the dashboard's
    required days are A's alone (B is not shown as having missed every day), while the law's raw count
    still gives B its duty."""
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    counted = per_unit(indicator("reception.days_required").counter(start=start, end=end))
    assert set(counted) == {reception_fixture.pk}
    assert counted[reception_fixture.pk] == per_unit(ind.reception_days_required(
        start=start, end=end, unit_ids=[reception_fixture.pk]))[reception_fixture.pk]
    assert per_unit(ind.reception_days_required(start=start, end=end, unit_ids=[tree["b"].pk]))
    assert indicator("reception.days_required").counter(start=start, end=end, unit_ids=[tree["b"].pk]) == []
