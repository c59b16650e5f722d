"""Daily sweep (django-tasks): flag dialogue commitments past their deadline.
Enqueue once a day (cron: `danchu shell -c "from danchu.dialogues.tasks import dialogues_daily; dialogues_daily.enqueue()"`).
Idempotent: a commitment is flagged once; pages and counters compute overdue from the date anyway."""

from django_tasks import task

from .services import commitments_sweep


@task()
def dialogues_daily() -> dict:
    return commitments_sweep()
