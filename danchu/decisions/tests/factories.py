"""Households with representatives who have accounts, and matters ready to vote on."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.roles import Role
from danchu.decisions import services
from danchu.decisions.models import MEETING_FORMS, NOTICE_DAYS, ElectorEntry, Form, Kind, OptionsKind
from danchu.units.models import Household, Unit
from danchu.units.tests.factories import HouseholdFactory, ResidentFactory


def households(hamlet: Unit, n: int, *, prefix: str | None = None) -> list[Household]:
    prefix = prefix or hamlet.code
    out = []
    for i in range(1, n + 1):
        h = HouseholdFactory(hamlet=hamlet, code=f"{prefix}-H{i:03d}")
        r = ResidentFactory(household=h, full_name=f"Chủ hộ {prefix} {i}")
        h.representative = r
        h.save(update_fields=["representative"])
        out.append(h)
    return out


def representative_user(household: Household):
    user = UserFactory(username=f"rep-{household.hamlet.code}-{household.code}".lower())
    user.resident = household.representative
    user.save(update_fields=["resident"])
    grant(user, Role.HOUSEHOLD_REP, unit=household.hamlet)
    return user


def hamlet_head(hamlet: Unit, username: str | None = None):
    user = UserFactory(username=username or f"head-{hamlet.code}".lower(), full_name=f"Trưởng {hamlet.name}")
    grant(user, Role.HAMLET_HEAD, unit=hamlet)
    return user


def matter(actor, unit: Unit, *, kind=Kind.OTHER, form=Form.MEETING, hamlets=None, open_=True, options_kind=OptionsKind.YES_NO,
           labels=None, online_agreed: int | None = None, notice: bool = True, witnesses: bool = True, **kw):
    """A matter put by `actor`, opened unless `open_=False`. A matter decided at a meeting has its notice
    recorded as sent 2 days before the meeting (Decree 59 Art. 3(3)) unless `notice=False`, and, once
    opened, the two household representatives signing its minutes (Art. 3(5)) unless `witnesses=False`."""
    m = services.matter_create(actor=actor, unit=unit, hamlets=hamlets or [], data=services.MatterInput(
        kind=kind, title=kw.pop("title", "Làm đường bê tông liên xóm"), form=form, options_kind=options_kind,
        option_labels=labels, **kw))
    if online_agreed is not None:
        services.matter_record_online_agreement(actor=actor, matter=m, agreed=online_agreed)
    if notice and form in MEETING_FORMS:
        m = services.meeting_notice_record(actor=actor, matter=m, sent_on=notice_date(m))
    if open_:
        m = services.matter_open(actor=actor, matter=m)
        if witnesses and form in MEETING_FORMS:
            m = services.meeting_witnesses_record(actor=actor, matter=m, **witness_names(m))
    return m


def witness_names(m) -> dict:
    """Two representatives of households of `m`'s electorate, to sign its minutes (Decree 59 Art. 3(5))."""
    names = list(dict.fromkeys(n for n in ElectorEntry.objects.filter(matter=m).values_list(
        "representative_name", flat=True) if n))[:2]
    first, second = list(dict.fromkeys([*names, "Nguyễn Văn Chứng", "Trần Thị Kiến"]))[:2]
    return {"first": first, "second": second}


def notice_date(m) -> dt.date:
    """The latest day the notice of `m`'s meeting may have been sent (Decree 59 Art. 3(3)), not after today."""
    today = timezone.localdate()
    if m.meeting_at is None:
        return today
    return min(today, timezone.localdate(m.meeting_at) - dt.timedelta(days=NOTICE_DAYS))


def decision(number: str = "12/QĐ-UBND", on=None) -> dict:
    """The commune chair's recognition decision (Law Art. 21), as `matter_recognize` takes it: signed today."""
    return {"decision_number": number, "decision_date": on or timezone.localdate()}


def convene(actor, m):
    """The meeting procedure of Decree 59 Art. 3(3)–(5) for a matter made without `matter`: the notice
    recorded (a draft or open matter), then, once open, the two household representatives who sign."""
    m = services.meeting_notice_record(actor=actor, matter=m, sent_on=notice_date(m))
    if m.status == "open":
        m = services.meeting_witnesses_record(actor=actor, matter=m, **witness_names(m))
    return m
