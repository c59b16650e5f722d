"""The benchmark functions run end to end at a tiny size (figures are not asserted)."""

import pytest

from danchu.core.models import LogEntry, LogTreeHead, LogTreeNode
from danchu.disclosures import bench
from danchu.disclosures.models import Disclosure


@pytest.mark.django_db
def test_bench_runs_and_cleans_up(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    figures = bench.run(commune_size=30, total=60, samples=3)
    # The seeded entries have their Merkle tree and a signed head: no "no tree head" warning.
    assert figures["verify_log"]["ok"] and figures["verify_log"]["entries"] == 60
    assert figures["verify_log"]["warnings"] == [] and figures["verify_log"]["tree_size"] == 60
    assert set(figures) >= {"commune_list", "search", "verify_log"}
    assert Disclosure.objects.count() == 0 and LogEntry.objects.count() == 0
    assert LogTreeNode.objects.count() == 0 and LogTreeHead.objects.count() == 0


@pytest.mark.django_db
def test_bench_after_a_log_in_use_leaves_it_verifiable(tree, officer_a, settings, tmp_path):
    """Seeding on top of real entries, then cleaning up, leaves the log as it was: the heads and tree
    nodes of the removed entries go with them, so a monitor's saved head still verifies."""
    import io

    from django.core.management import call_command

    from danchu.core.transparency import latest_tree_head, verify_local

    from .factories import published

    for i in range(3):
        published(officer_a, tree["a"], title=f"Thông báo {i}")
    state = tmp_path / "monitor.json"
    call_command("verify_log", state=str(state), stdout=io.StringIO())
    head, nodes = latest_tree_head(), set(LogTreeNode.objects.values_list("pos", "hash"))
    data = bench.seed(commune_size=5, total=13, communes=2, allow_existing_log=True)
    report = verify_local()
    assert report.ok and report.warnings == [] and latest_tree_head()["tree_size"] == 16
    bench.cleanup(data)
    assert latest_tree_head() == head and set(LogTreeNode.objects.values_list("pos", "hash")) == nodes
    report = verify_local()
    assert report.ok and report.warnings == [] and report.entries == 3
    call_command("verify_log", state=str(state), stdout=io.StringIO())  # exits 1 (raises) on a problem


@pytest.mark.django_db
def test_bench_refuses_a_log_in_use(tree, officer_a):
    from .factories import published

    published(officer_a, tree["a"])
    with pytest.raises(RuntimeError):
        bench.seed(commune_size=1, total=1)
