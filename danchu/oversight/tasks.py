"""Daily overdue sweep (django-tasks): flag recommendations whose answer is past its deadline
(Law 10/2022 Arts. 40(1), 45(2), 63(1): 15 days). Enqueue once a day (cron:
`danchu shell -c "from danchu.oversight.tasks import oversight_daily; oversight_daily.enqueue()"`).
Idempotent: a recommendation is flagged once."""

from django_tasks import task

from .services import recommendations_sweep


@task()
def oversight_daily() -> dict:
    return recommendations_sweep()
