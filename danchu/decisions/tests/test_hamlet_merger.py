"""No vote on a hamlet that no longer exists, and no merger under a running vote (Law 10/2022 Arts. 15,
17: the households of an existing hamlet decide; a merger changes the electorate)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.decisions import services
from danchu.decisions.models import Form, Kind, Status
from danchu.units.models import UnitSuccession
from danchu.units.services.hamlets import hamlet_close
from danchu.units.tests.factories import hamlet as make_hamlet

from .factories import hamlet_head, households, matter
from .test_access import Unchanged


@pytest.fixture
def a1(tree):
    return tree["a1"]


@pytest.fixture
def head(a1):
    return hamlet_head(a1)


def _today():
    return timezone.localdate()


def test_no_matter_nor_opening_on_a_hamlet_closed_the_day_before(tree, a1, head, officer_a):
    households(a1, 3)
    draft = matter(head, a1, open_=False)
    hamlet_close(actor=officer_a, hamlet=a1, on=_today())  # last day: yesterday
    a1.refresh_from_db()
    assert a1.is_former
    with Unchanged(), pytest.raises(DomainError) as exc:
        matter(head, a1, open_=False)
    assert exc.value.code == "hamlet_not_current"
    with Unchanged(), pytest.raises(DomainError) as exc:
        services.matter_open(actor=head, matter=draft)
    assert exc.value.code == "hamlet_not_current"


def test_a_vote_must_close_before_its_hamlet_does(tree, a1, head, officer_a):
    households(a1, 3)
    draft = matter(head, a1, open_=False)
    hamlet_close(actor=officer_a, hamlet=a1, on=_today() + dt.timedelta(days=5))  # last day: today + 4
    a1.refresh_from_db()
    assert a1.is_current
    late = timezone.now() + dt.timedelta(days=10)
    with Unchanged(), pytest.raises(DomainError) as exc:
        matter(head, a1, open_=False, closes_at=late)
    assert exc.value.code == "hamlet_not_current"
    for closes_at in (None, late):  # no closing time, or one after the hamlet's last day
        with Unchanged(), pytest.raises(DomainError) as exc:
            services.matter_open(actor=head, matter=draft, closes_at=closes_at)
        assert exc.value.code == "hamlet_not_current"
    m = services.matter_open(actor=head, matter=draft, closes_at=timezone.now() + dt.timedelta(days=3))
    assert m.status == Status.OPEN


def test_the_merger_of_a_hamlet_with_an_open_vote_waits_for_the_vote(tree, a1, head, officer_a):
    a2 = tree["a2"]
    hs = households(a1, 3)
    matter(head, a1, open_=False)  # a draft does not hold the merger back
    m = matter(head, a1)
    with Unchanged(), pytest.raises(DomainError) as exc:
        hamlet_close(actor=officer_a, hamlet=a1, on=_today(), successor=a2)
    assert exc.value.code == "hamlet_has_open_vote"
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: "agree" for h in hs})
    services.matter_close(actor=head, matter=m)
    hamlet_close(actor=officer_a, hamlet=a1, on=_today(), successor=a2)
    assert UnitSuccession.objects.filter(predecessor=a1, successor=a2).exists()


def test_a_commune_wide_vote_holds_back_the_merger_of_any_voting_hamlet(tree, chair_a, officer_a):
    a, a1, a2 = tree["a"], tree["a1"], tree["a2"]
    c = make_hamlet(a, code="T0A-03", name="Thôn Cầu")
    d = make_hamlet(a, code="T0A-04", name="Thôn Đình")  # votes in nothing
    for h in (a1, a2, c):
        households(h, 2)
    m = matter(chair_a, a, kind=Kind.CONTRIBUTION, form=Form.BALLOT, hamlets=[a1, a2, c])
    # C merged into A2 mid-vote would leave 2 of 3 hamlets counted where only 2 remain.
    with Unchanged(), pytest.raises(DomainError) as exc:
        hamlet_close(actor=officer_a, hamlet=c, on=_today(), successor=a2)
    assert exc.value.code == "hamlet_has_open_vote"
    # Nor may a hamlet without votes merge into one that votes: the successor's electorate changes.
    with Unchanged(), pytest.raises(DomainError) as exc:
        hamlet_close(actor=officer_a, hamlet=d, on=_today(), successor=a2)
    assert exc.value.code == "hamlet_has_open_vote"
    assert services.matter_close(actor=chair_a, matter=m).status == Status.CLOSED
    hamlet_close(actor=officer_a, hamlet=c, on=_today(), successor=a2)
