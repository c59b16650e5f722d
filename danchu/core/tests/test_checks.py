"""`danchu migrate` and `danchu check` print no warning on a fresh SQLite setup (the embedded database)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite warnings: the SQLite run only")
def test_system_checks_are_quiet_on_sqlite():
    out, err = io.StringIO(), io.StringIO()
    # the checks `migrate` runs: those that look at the database's features too
    call_command("check", "--database", "default", stdout=out, stderr=err)
    assert "W039" not in out.getvalue() + err.getvalue()
    assert "W040" not in out.getvalue() + err.getvalue()
    assert "no issues" in out.getvalue()
