"""Background work of reports (django-tasks): the roll-up refresh and report exports.

`danchu schedule` enqueues the refresh nightly for yesterday and today when the dashboards read the
roll-up (DANCHU_REPORTS_ROLLUP); a wider `danchu rollup --days 90` by hand rebuilds state-like figures
such as cases overdue. Both tasks are idempotent."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from danchu.core import schedule


@task()
def rollup_refresh(start: str, end: str) -> int:
    from .rollup import refresh

    return refresh(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)).rows


@task()
def report_export(export_id: int) -> None:
    from .services import export_run

    export_run(export_id=export_id)


def _rollup_nightly(now: dt.datetime) -> dict:
    if not settings.DANCHU_REPORTS_ROLLUP:
        return {"skipped": "DANCHU_REPORTS_ROLLUP off: the dashboards count the records themselves"}
    today = timezone.localdate(now)
    r = rollup_refresh.enqueue((today - dt.timedelta(days=1)).isoformat(), today.isoformat())
    return {"task_id": str(r.id)}


schedule.register("reports.rollup_refresh", daily="01:30", label="Báo cáo: tính lại bảng tổng hợp (hôm qua, hôm nay)",
                  run=_rollup_nightly)
