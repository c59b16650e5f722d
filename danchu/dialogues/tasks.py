"""Daily sweep (django-tasks): flag dialogue commitments past their deadline.
Run daily by `danchu schedule` (registered below; `danchu daily` runs it by hand).
Idempotent: a commitment is flagged once; pages and counters compute overdue from the date anyway."""

from django.utils import timezone
from django_tasks import task

from danchu.core import schedule

from .services import commitments_sweep


@task()
def dialogues_daily() -> dict:
    return commitments_sweep()


schedule.register("dialogues.commitments_sweep", daily="00:10", label="Đối thoại: đánh dấu cam kết quá hạn",
                  run=lambda now: commitments_sweep(today=timezone.localdate(now)))
