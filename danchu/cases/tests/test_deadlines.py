"""Deadlines per kind, hand-checked against the 2026/2027 calendars (Tết 2026: Mon 16 – Fri 20 Feb;
Tết 2027: Thu 4 – Wed 10 Feb; 31/8/2026 off for the worked Saturday 22/8/2026), and property tests:
no working-day deadline ever lands on a day off."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.cases import deadlines
from danchu.core.calendar import forget_overrides, is_working_day

D = dt.date


def case(kind, received_on, **kw):
    base = {"kind": kind, "received_on": received_on, "accepted_on": None, "resolved_on": None, "status": "received",
                "multi_site": False, "second_time": False, "complex_case": False, "especially_complex": False, "remote_area": False,
                "from_board": False, "extensions": 0, "event_date": None, "first_decision_on": None,
            "suspended_on": None, "suspended_days": 0}
    base.update(kw)
    return SimpleNamespace(**base)


TABLE = [
    # (_case, kind, facts, field, expected, article)
    ("denunciation accept over Tết 2026", "denunciation", {"received_on": D(2026, 2, 13)}, "accept_due",
     D(2026, 3, 3), "Luật Tố cáo 2018, Điều 24 khoản 1"),
    ("denunciation multi-site over Tết 2027", "denunciation", {"received_on": D(2027, 2, 1), "multi_site": True},
     "accept_due", D(2027, 2, 22), "Luật Tố cáo 2018, Điều 24 khoản 1"),
    ("feedback reply 10 working days over Tết 2026", "feedback", {"received_on": D(2026, 2, 12)}, "accept_due",
     D(2026, 3, 5), "Luật Tiếp công dân 2013, Điều 28 khoản 1"),
    ("complaint accept 10 days ends in Tết → next working day", "complaint", {"received_on": D(2026, 2, 9)},
     "accept_due", D(2026, 2, 23), "Luật Khiếu nại 2011, Điều 27, Điều 36"),
    ("complaint accept outer 10 working days (before 1/7/2026)", "complaint", {"received_on": D(2026, 2, 9)},
     "accept_due_outer", D(2026, 3, 2), "Thông tư 07/2013/TT-TTCP Điều 5 (sửa đổi bởi Thông tư 02/2016)"),
    ("complaint accept 10 days ends Sunday 30/8/2026 → 3/9 (31/8, 1/9, 2/9 off)", "complaint",
     {"received_on": D(2026, 8, 20)}, "accept_due", D(2026, 9, 3), "Luật Khiếu nại 2011, Điều 27, Điều 36"),
    ("complaint accept outer 7 working days, Saturday 22/8/2026 worked", "complaint",
     {"received_on": D(2026, 8, 20)}, "accept_due_outer", D(2026, 8, 28),
     "Nghị định 124/2020/NĐ-CP Điều 16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP"),
    ("complaint first time complex + remote 60 days → after 30/4-1/5", "complaint",
     {"received_on": D(2026, 2, 20), "accepted_on": D(2026, 3, 2), "status": "accepted", "complex_case": True, "remote_area": True},
     "resolve_due", D(2026, 5, 4), "Luật Khiếu nại 2011, Điều 28"),
    ("complaint second time 45 days ends on Tết eve 2026", "complaint",
     {"received_on": D(2025, 12, 29), "accepted_on": D(2026, 1, 2), "status": "accepted", "second_time": True},
     "resolve_due", D(2026, 2, 23), "Luật Khiếu nại 2011, Điều 37"),
    ("complaint decision sent 3 working days over Tết 2027", "complaint",
     {"received_on": D(2027, 1, 4), "accepted_on": D(2027, 1, 5), "resolved_on": D(2027, 2, 3), "status": "resolved"},
     "after_due", D(2027, 2, 15), "Luật Khiếu nại 2011, Điều 32"),
    ("denunciation resolve 30 days ends on Tết 2027", "denunciation",
     {"received_on": D(2027, 1, 4), "accepted_on": D(2027, 1, 7), "status": "accepted"}, "resolve_due", D(2027, 2, 11),
     "Luật Tố cáo 2018, Điều 30"),
    ("denunciation two extensions: 90 days", "denunciation",
     {"received_on": D(2026, 1, 2), "accepted_on": D(2026, 1, 5), "status": "accepted", "extensions": 2}, "resolve_due",
     D(2026, 4, 6), "Luật Tố cáo 2018, Điều 30"),
    ("denunciation conclusion published in 7 working days over 27/4, 30/4, 1/5", "denunciation",
     {"received_on": D(2026, 3, 2), "accepted_on": D(2026, 3, 3), "resolved_on": D(2026, 4, 24), "status": "resolved"},
     "after_due", D(2026, 5, 8), "Luật Tố cáo 2018, Điều 40"),
    ("board recommendation 15 days ends 30/4 → 4/5", "recommendation",
     {"received_on": D(2026, 4, 15), "from_board": True}, "resolve_due", D(2026, 5, 4),
     "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 40, Điều 45"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("_case", "kind", "facts", "field", "expected", "article"), TABLE, ids=[t[0] for t in TABLE])
def test_hand_checked_deadlines(_case, kind, facts, field, expected, article):
    forget_overrides()
    out = deadlines.compute(case(kind, **facts))
    assert out[field] == expected
    step = {"accept_due": "accept", "accept_due_outer": "accept_outer", "resolve_due": "resolve", "after_due": "after"}[field]
    rule = next(r for r in out["deadline_rules"] if r["step"] == step)
    assert rule["article"] == article


def test_complaint_resolution_table_art_28_and_37():
    assert deadlines._FIRST == {(False, False): 30, (True, False): 45, (False, True): 45, (True, True): 60}
    assert deadlines._SECOND == {(False, False): 45, (True, False): 60, (False, True): 60, (True, True): 70}


def test_extensions_allowed_art_30():
    assert deadlines.extensions_allowed(complex_case=False, especially_complex=False) == 0
    assert deadlines.extensions_allowed(complex_case=True, especially_complex=False) == 1
    assert deadlines.extensions_allowed(complex_case=True, especially_complex=True) == 2


def test_plain_feedback_has_no_resolution_limit():
    out = deadlines.compute(case("feedback", D(2026, 3, 2), accepted_on=D(2026, 3, 3), status="accepted"))
    assert out["resolve_due"] is None
    assert out["next_due"] is None


days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
KINDS = st.sampled_from(["feedback", "recommendation", "complaint", "denunciation"])


@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(kind=KINDS, received=days, accept_after=st.integers(0, 20), resolve_after=st.integers(0, 120),
       multi=st.booleans(), ext=st.integers(0, 2), complex_=st.booleans(), remote=st.booleans())
def test_no_deadline_on_a_day_off(kind, received, accept_after, resolve_after, multi, ext, complex_, remote):
    """Every working-day rule lands on a working day; every calendar-day rule too (Civil Code Art. 148)."""
    accepted = received + dt.timedelta(days=accept_after)
    resolved = accepted + dt.timedelta(days=resolve_after)
    c = case(kind, received, accepted_on=accepted, resolved_on=resolved, status="resolved", multi_site=multi,
             extensions=ext, complex_case=complex_, remote_area=remote)
    out = deadlines.compute(c)
    for rule in out["deadline_rules"]:
        due = D.fromisoformat(rule["due"])
        assert is_working_day(due), rule
        assert due > D.fromisoformat(rule["from"])
        if not rule["working"]:
            assert due >= D.fromisoformat(rule["from"]) + dt.timedelta(days=rule["days"])
