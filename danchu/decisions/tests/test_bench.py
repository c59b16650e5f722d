"""The decisions benchmark at a small size: it runs through the services and checks itself."""

import pytest
from django.db import connection

from danchu.decisions.bench import run
from danchu.decisions.models import Matter
from danchu.units.models import Unit


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_small_run_counts_every_acknowledged_vote_once_and_cleans_up():
    r = run(households=300, votes=60, workers=6, log=lambda *_: None)
    assert r["concurrent"]["exactly_once"] is True
    assert r["concurrent"]["acknowledged"] == 60
    assert r["close"]["participated"] == 300
    assert not Matter.objects.exists() and not Unit.objects.filter(province_code="ZZBD").exists()


def test_skipped_on_sqlite(db):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    assert "skipped" in run()
