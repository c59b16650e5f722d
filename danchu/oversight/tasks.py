"""Daily overdue sweep (django-tasks): flag recommendations whose answer is past its deadline
(Law 10/2022 Arts. 40(1), 45(2), 63(1): 15 days). Run daily by `danchu schedule` (registered below;
`danchu daily` runs it by hand). Idempotent: a recommendation is flagged once."""

from django.utils import timezone
from django_tasks import task

from danchu.core import schedule

from .services import recommendations_sweep


@task()
def oversight_daily() -> dict:
    return recommendations_sweep()


schedule.register("oversight.recommendations_sweep", daily="00:10",
                  label="Giám sát: đánh dấu kiến nghị quá hạn trả lời (Điều 40, 45, 63)",
                  run=lambda now: recommendations_sweep(today=timezone.localdate(now)))
