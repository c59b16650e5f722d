"""The reports benchmark runs end to end at a tiny size (bulk_create path) and cleans up after itself."""

from danchu.cases.models import Case
from danchu.disclosures.models import Disclosure
from danchu.movements.models import GoodPractice
from danchu.reports import bench
from danchu.reports.models import RollupDay, RollupMonth


def test_bench_runs_small_and_cleans_up(tree):
    r = bench.run(records=400, samples=2, log=lambda *_: None)
    assert r["seed"]["records"] == 400 and r["seed"]["cases"] == 220
    assert r["province"]["code"] == "T01"
    assert r["province_direct"]["queries"] > 0 and r["province_direct"]["floor"] > 0
    assert r["province_rollup"]["seconds"] > 0 and r["province_rollup"]["floor"] > 0
    assert r["refresh_all"]["month_rows"] > 0
    assert r["dashboard"]["p95_ms"] > 0 and r["national_docx"]["seconds"] > 0
    assert r["refresh_day"]["rows"] > 0
    assert not Case.objects.exists() and not Disclosure.objects.exists() and not GoodPractice.objects.exists()
    assert not RollupDay.objects.exists() and not RollupMonth.objects.exists()


def test_bench_measures_again_on_kept_records(tree):
    first = bench.run(records=400, samples=2, keep=True, log=lambda *_: None)
    try:
        again = bench.run(records=400, samples=2, keep=True, reuse=True, log=lambda *_: None)
        assert again["seed"]["reused"] and again["seed"]["records"] == 400 + first["refresh_day"]["records"]
        assert again["refresh_all"]["reused"] and again["refresh_all"]["rows"] == first["refresh_all"]["rows"]
        assert again["province_rollup"]["floor"] > 0
    finally:
        bench.cleanup(log=lambda *_: None)
    assert not Case.objects.exists() and not RollupMonth.objects.exists()
