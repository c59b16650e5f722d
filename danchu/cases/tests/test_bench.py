"""The cases benchmark runs end to end at a tiny size and cleans up after itself."""

import pytest

from danchu.cases import bench
from danchu.cases.models import Case

pytestmark = pytest.mark.django_db


def test_bench_runs_small_and_cleans_up(tree):
    r = bench.run(total=60, commune_size=20, samples=8, concurrent=0, log=lambda _m: None)
    assert r["sizes"] == {"total": 60, "commune": 20}
    assert r["queue"]["page_p95_ms"] > 0 and r["queue"]["samples"] == 8
    assert r["concurrent"]["threads"] == 0  # threads need a real server database: measured by `danchu bench`
    assert Case.objects.count() == 0
