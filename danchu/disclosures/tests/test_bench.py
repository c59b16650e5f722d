"""The benchmark functions run end to end at a tiny size (figures are not asserted)."""

import pytest

from danchu.core.models import LogEntry
from danchu.disclosures import bench
from danchu.disclosures.models import Disclosure


@pytest.mark.django_db
def test_bench_runs_and_cleans_up(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    figures = bench.run(commune_size=30, total=60, samples=3)
    assert figures["verify_log"]["ok"] and figures["verify_log"]["entries"] == 60
    assert set(figures) >= {"commune_list", "search", "verify_log"}
    assert Disclosure.objects.count() == 0 and LogEntry.objects.count() == 0


@pytest.mark.django_db
def test_bench_refuses_a_log_in_use(tree, officer_a):
    from .factories import published

    published(officer_a, tree["a"])
    with pytest.raises(RuntimeError):
        bench.seed(commune_size=1, total=1)
