"""Background work of reports (django-tasks): the roll-up refresh and report exports.

Enqueue the refresh nightly (cron: `danchu rollup --days 1` for yesterday and today, or a wider
`--days 90` weekly for state-like figures such as cases overdue). Both tasks are idempotent."""

import datetime as dt

from django_tasks import task


@task()
def rollup_refresh(start: str, end: str) -> int:
    from .rollup import refresh

    return refresh(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)).rows


@task()
def report_export(export_id: int) -> None:
    from .services import export_run

    export_run(export_id=export_id)
