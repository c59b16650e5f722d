"""Indicator counters against hand-counted fixtures: what the Steering Committee quotes ("86 cuộc giám
sát và 125 hội nghị phản biện xã hội"), by unit and day."""

import datetime as dt
from collections import Counter

import pytest

from danchu.core.indicators import indicator
from danchu.core.roles import Role
from danchu.oversight import services
from danchu.oversight.models import BoardKind, Seat

from .factories import commune_board, today, user_with

D = dt.timedelta


def _sum(code, start, end, unit_ids=None) -> Counter:
    out = Counter()
    for unit_id, day, n in indicator(code).counter(start=start, end=end, unit_ids=unit_ids):
        assert start <= day <= end
        out[(unit_id, day)] += n
    return out


@pytest.fixture
def world(tree, officer_a):
    t = today()
    d1, d2, d3 = t - D(days=100), t - D(days=60), t - D(days=30)
    front_a = user_with(Role.FRONT_OFFICER, unit=tree["a"])
    front_b = user_with(Role.FRONT_OFFICER, unit=tree["b"])
    front_p = user_with(Role.FRONT_OFFICER, unit=tree["province"])
    insp_a = user_with(Role.INSPECTION_BOARD, unit=tree["a"])
    insp_b = user_with(Role.INSPECTION_BOARD, unit=tree["b"])
    board_a = commune_board(front_a, tree["a"], term_start=t - D(days=400))
    board_b = commune_board(front_b, tree["b"], term_start=t - D(days=400))

    def inspection(user, board, held_on):
        ins = services.inspection_create(actor=user, board=board, subject="Kiểm tra", inspected_body="UBND xã",
                                         period_from=held_on - D(days=30), period_to=held_on, starts_on=held_on,
                                         ends_on=held_on, team=list(board.members.all())[:1])
        if held_on is not None:
            services.inspection_record_findings(actor=user, inspection=ins, findings="Kết quả", held_on=held_on)
        return ins

    ia1, ia2 = inspection(insp_a, board_a, d1), inspection(insp_a, board_a, d2)
    services.inspection_create(actor=insp_a, board=board_a, subject="Chưa làm", inspected_body="UBND xã", period_from=d3,
                               period_to=d3, starts_on=d3, ends_on=d3, team=list(board_a.members.all())[:1])  # not held
    inspection(insp_b, board_b, d1)

    def front_sup(user, unit, held_on, by="front"):
        s = services.supervision_create(actor=user, kind="front", unit=unit, conducted_by=by, subject="Giám sát",
                                        supervised_body="UBND", team_text="Đoàn", starts_on=held_on, ends_on=held_on)
        services.supervision_record_findings(actor=user, supervision=s, findings="Kết quả", held_on=held_on)
        return s

    fs1 = front_sup(front_a, tree["a"], d1, "women")
    front_sup(front_a, tree["a"], d3, "youth")
    services.supervision_create(actor=front_a, kind="front", unit=tree["a"], conducted_by="front", subject="Chưa giám sát",
                                supervised_body="UBND", team_text="Đoàn", starts_on=t, ends_on=t)
    front_sup(front_p, tree["province"], d2)

    project = services.project_create(actor=front_a, unit=tree["a"], name="Đường", investor="UBND xã", budget_vnd=10,
                                      location="Thôn", starts_on=d1 - D(days=10), ends_on=t + D(days=100))
    ib = services.board_create(actor=front_a, kind=BoardKind.INVESTMENT, unit=tree["a"], project=project,
                               term_start=d1 - D(days=10), established_on=d1 - D(days=10))
    m = services.member_add(actor=front_a, board=ib, full_name="Đại diện MTTQ", seat=Seat.FRONT, elected_on=d1 - D(days=10),
                            no_conflict_declared=True)
    sup_user = user_with(Role.INVESTMENT_SUPERVISOR, unit=tree["a"])
    v = services.supervision_create(actor=sup_user, kind="investment", board=ib, subject="Chất lượng", supervised_body="",
                                    starts_on=d2, ends_on=d2, team=[m])
    services.supervision_record_findings(actor=sup_user, supervision=v, findings="", quality="Đạt", held_on=d2)

    def criticism(user, unit, held_on, form="conference"):
        return services.criticism_create(actor=user, unit=unit, form=form, draft_title="Dự thảo", drafting_body="UBND",
                                         draft_received_on=held_on - D(days=20), held_on=held_on, participants="MTTQ")

    criticism(front_a, tree["a"], d1)
    criticism(front_a, tree["a"], d1)
    criticism(front_a, tree["a"], d2, form="written")
    criticism(front_b, tree["b"], d3)

    def rec(user, source, sent_on, due):
        return services.recommendation_make(actor=user, source=source, content="Kiến nghị", addressee_kind="commune_pc",
                                            addressee="UBND xã", sent_on=sent_on, due_on=due)

    r1 = rec(insp_a, ia1, d1, d1 + D(days=10))
    r2 = rec(insp_a, ia1, d1, d1 + D(days=10))
    r3 = rec(insp_a, ia2, d2, d2 + D(days=5))   # never answered: overdue from d2+6
    r4 = rec(front_a, fs1, d1, d1 + D(days=10))
    services.recommendation_answer(actor=officer_a, recommendation=r1, answer="Tiếp thu", position="accepted", answered_on=d1 + D(days=3))
    services.recommendation_answer(actor=officer_a, recommendation=r2, answer="Không", position="not_accepted", answered_on=d1 + D(days=4))
    services.recommendation_answer(actor=officer_a, recommendation=r4, answer="Một phần", position="partly", answered_on=d1 + D(days=12))  # late
    services.recommendation_close(actor=insp_a, recommendation=r1, outcome="done", closed_on=d2)
    services.recommendations_sweep()
    return {"t": t, "d1": d1, "d2": d2, "d3": d3, "a": tree["a"].pk, "b": tree["b"].pk, "p": tree["province"].pk, "r3": r3}


def test_counters_match_the_hand_count(world):
    w = world
    a, b, p, d1, d2, d3 = w["a"], w["b"], w["p"], w["d1"], w["d2"], w["d3"]
    start, end = w["t"] - D(days=365), w["t"]
    assert _sum("oversight.inspections_held", start, end) == Counter({(a, d1): 1, (a, d2): 1, (b, d1): 1})
    assert _sum("oversight.front_supervisions_held", start, end) == Counter({(a, d1): 1, (a, d3): 1, (p, d2): 1})
    assert _sum("oversight.investment_supervisions_held", start, end) == Counter({(a, d2): 1})
    assert _sum("oversight.social_criticism_conferences", start, end) == Counter({(a, d1): 2, (b, d3): 1})
    assert _sum("oversight.social_criticisms_other", start, end) == Counter({(a, d2): 1})
    assert _sum("oversight.recommendations_made", start, end) == Counter({(a, d1): 3, (a, d2): 1})
    # accepted in full or in part: r1 (d1+3) and r4 (d1+12); r2 was not accepted.
    assert _sum("oversight.recommendations_accepted", start, end) == Counter({(a, d1 + D(days=3)): 1, (a, d1 + D(days=12)): 1})
    assert _sum("oversight.recommendations_closed", start, end) == Counter({(a, d2): 1})
    # overdue: r4 answered late (from d1+11) and r3 never answered (from d2+6).
    assert _sum("oversight.recommendations_overdue", start, end) == Counter({(a, d1 + D(days=11)): 1, (a, d2 + D(days=6)): 1})


def test_counters_respect_period_and_units(world):
    w = world
    a, b, d1, d2 = w["a"], w["b"], w["d1"], w["d2"]
    # Only d2..today, only commune B: B's inspection was on d1.
    assert _sum("oversight.inspections_held", d2, w["t"], unit_ids=[b]) == Counter()
    assert _sum("oversight.inspections_held", d1, d1, unit_ids=[a, b]) == Counter({(a, d1): 1, (b, d1): 1})
    total = sum(_sum("oversight.front_supervisions_held", w["t"] - D(days=365), w["t"]).values())
    assert total == 3


def test_every_indicator_is_registered_with_its_article():
    codes = ["oversight.inspections_held", "oversight.investment_supervisions_held", "oversight.front_supervisions_held",
             "oversight.social_criticism_conferences", "oversight.recommendations_made", "oversight.recommendations_accepted",
             "oversight.recommendations_closed", "oversight.recommendations_overdue"]
    for code in codes:
        ind = indicator(code)
        assert ind is not None and ind.article and ind.pillar == "inspect"
