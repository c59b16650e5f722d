"""The benchmark at a small size: it seeds, computes the map, times the page, recovers the planted
groups, and leaves nothing behind."""

import pytest

from danchu.accounts.models import User
from danchu.consultations.bench import run
from danchu.consultations.models import Consultation, Vote


@pytest.mark.django_db(transaction=True)
def test_bench_small(tree):
    r = run(participants=300, comments=60, votes=6000, samples=10, isolated=False, log=lambda _: None)
    assert r["votes"] > 5000 and r["map"]["k"] == 3
    assert r["recovered"] > 0.9
    assert r["page"]["page_p95_ms"] > 0
    assert not Consultation.objects.exists() and not Vote.objects.exists()
    assert not User.objects.filter(username__startswith="bench-gy-").exists()
