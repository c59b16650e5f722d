"""Daily deadline sweep (django-tasks): flag overdue cases and remind officers before a deadline.
Run daily by `danchu schedule` (registered below; `danchu daily` runs it by hand).
Idempotent: running it twice the same day reminds nobody twice."""

from django.utils import timezone
from django_tasks import task

from danchu.core import schedule

from .services import cases_sweep


@task()
def cases_daily() -> dict:
    return cases_sweep()


schedule.register("cases.sweep", daily="00:10", label="Hồ sơ: đánh dấu quá hạn, nhắc cán bộ sắp đến hạn",
                  run=lambda now: cases_sweep(today=timezone.localdate(now)))
