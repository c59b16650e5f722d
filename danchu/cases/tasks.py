"""Daily deadline sweep (django-tasks): flag overdue cases and remind officers before a deadline.
Enqueue once a day (cron: `danchu shell -c "from danchu.cases.tasks import cases_daily; cases_daily.enqueue()"`).
Idempotent: running it twice the same day reminds nobody twice."""

from django_tasks import task

from .services import cases_sweep


@task()
def cases_daily() -> dict:
    return cases_sweep()
