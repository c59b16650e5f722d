"""Hand-made activity records with known dates, for indicator tests (rows written directly: the
counters read the tables, whichever service wrote them)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from danchu.cases.models import Case
from danchu.decisions.models import Contribution, ElectorEntry, Matter, Vote
from danchu.disclosures.models import Disclosure, DisclosureCategory
from danchu.units.tests.factories import HouseholdFactory

_seq = itertools.count(1)


def case(unit, *, kind="feedback", received: dt.date, status="received", resolved: dt.date | None = None,
         on_time=None, next_due: dt.date | None = None) -> Case:
    n = next(_seq)
    return Case.objects.create(
        tracking_code=f"T{n:09d}", kind=kind, channel="web", status=status, unit=unit, unit_path=unit.path,
        province_code=unit.province_code, title=f"Hồ sơ {n}", body="Nội dung", received_on=received,
        resolved_on=resolved, on_time=on_time, next_due=next_due, answer="Đã trả lời" if status == "resolved" else "")


def disclosure(unit, *, published: dt.date | None, status="published", on_time=None) -> Disclosure:
    cat = DisclosureCategory.objects.filter(scope="commune").order_by("position").first()
    return Disclosure.objects.create(unit=unit, category=cat, status=status, unit_path=unit.path,
                                     province_code=unit.province_code, title="Công khai", published_on=published,
                                     published_at=at(published) if published else None, on_time=on_time,
                                     withdrawn_at=at(published) if status == "withdrawn" else None,
                                     withdrawn_reason="Nhầm số liệu" if status == "withdrawn" else "")


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def matter(unit, *, closed: dt.date | None, result="adopted", status="closed", electors=0, voted=0, hamlet=None) -> Matter:
    m = Matter.objects.create(unit=unit, kind="other", title="Làm đường", status=status, result=result if closed else "",
                              opened_at=at(closed) if closed else None, closed_at=at(closed) if closed else None)
    hamlet = hamlet or (unit if unit.level == "hamlet" else unit.children.first())
    hs = [HouseholdFactory(hamlet=hamlet) for _ in range(electors)]
    for i, h in enumerate(hs):
        ElectorEntry.objects.create(matter=m, household=h, hamlet=hamlet, household_code=h.code)
        if i < voted:
            Vote.objects.create(matter=m, household=h, hamlet=hamlet, channel="meeting", choice="agree")
    return m


def contribution(m: Matter, *, on: dt.date, amount: int, kind="collected") -> Contribution:
    return Contribution.objects.create(matter=m, kind=kind, amount_vnd=amount, on=on)


def sums(rows) -> dict:
    """{unit_id: total} of counter rows."""
    out: dict[int, int] = {}
    for uid, _, n in rows:
        out[uid] = out.get(uid, 0) + n
    return out


def practice(unit, *, started: dt.date, recognized: dt.date | None = None):
    from danchu.movements.models import GoodPractice

    return GoodPractice.objects.create(
        unit=unit, unit_path=unit.path, province_code=unit.province_code, title="Mô hình “Ngõ xóm sáng, xanh, sạch”",
        field="social", description="Nhân dân góp công làm đèn đường", started_on=started,
        status="recognized" if recognized else "registered", recognized_on=recognized,
        recognized_level="commune" if recognized else "", recognition_ref="QĐ 12/QĐ-UBND" if recognized else "")
