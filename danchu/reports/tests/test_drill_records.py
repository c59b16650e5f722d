"""Every counter indicator lists the records behind its figure (core.indicators `records`), the same
records its counter counts: checked on the demo commune, where every area app has records."""

import datetime as dt

import pytest
from django.utils import timezone

from danchu.core.indicators import Indicator, indicators
from danchu.ops.tests.test_seed import data_dir, demo_units  # noqa: F401  (fixtures)

# Figures that add an amount up (people, households, đồng, required days): one record per unit and
# day carries it, so the records match the counter's days, not its sum.
AMOUNTS = {"consultations.participants", "decisions.households_entitled", "decisions.households_voted",
           "decisions.contributions_collected", "reception.days_required"}


def test_every_counter_declares_its_records_and_a_ratio_none():
    counted = [i for i in indicators() if i.counter is not None]
    assert len(counted) > 30
    assert [i.code for i in counted if i.records is None] == []
    assert all(i.records is None for i in indicators() if i.ratio_of is not None)
    with pytest.raises(ValueError):
        Indicator(code="x.rate", name="x", definition="x", measure="%", pillar="know", ratio_of=("a", "b"),
                  records=lambda **kw: [])


@pytest.mark.django_db
def test_records_are_the_records_the_counter_counts(demo_units, data_dir):  # noqa: F811
    from danchu.ops import seeding

    seeding.seed_demo(seed=3)
    today = timezone.localdate()
    start, end = today.replace(year=today.year - 3), today + dt.timedelta(days=400)
    with_records = 0
    for ind in indicators():
        if ind.counter is None:
            continue
        rows = list(ind.counter(start=start, end=end, unit_ids=None))
        recs = ind.records(start=start, end=end, unit_ids=None, limit=100_000)
        assert {(u, d) for u, d, n in rows if n} == {(u, d) for u, d, _, _ in recs}, ind.code
        if ind.code not in AMOUNTS:
            assert len(recs) == sum(n for _, _, n in rows), ind.code
        for _, day, title, url in recs:
            assert start <= day <= end and title.strip(), ind.code
            assert url == "" or url.startswith("/"), ind.code
        assert recs == sorted(recs, key=lambda r: (r[1], r[0])), ind.code
        if recs:
            with_records += 1
            assert len(ind.records(start=start, end=end, unit_ids=None, limit=1)) == 1
            assert ind.records(start=start, end=end, unit_ids=[-1], limit=10) == []
    assert with_records >= 25  # the demo reaches nearly every figure: the comparison is not empty


@pytest.mark.django_db
def test_a_case_record_never_shows_what_the_filer_wrote(tree):
    from danchu.core.indicators import indicator
    from danchu.reports.tests.records import case

    c = case(tree["a"], kind="denunciation", received=dt.date(2025, 3, 1))
    c.title, c.body, c.accused = "Tố cáo ông Nguyễn Văn Bí", "Người tố cáo: Trần Thị Tâm, 0912345678", "Nguyễn Văn Bí"
    c.save()
    (rec,) = indicator("cases.received").records(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                                                 unit_ids=[tree["a"].pk], limit=10)
    assert rec[2] == f"{c.display_code} · Tố cáo · Đã tiếp nhận"
    assert "Bí" not in rec[2] and "Tâm" not in rec[2]
