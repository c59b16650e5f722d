"""Background work of core (django-tasks: the database backend in production and the demo, the
immediate backend in tests).

`log_checkpoint` signs the transparency log's head. Appends already sign every
DANCHU_LOG_CHECKPOINT_EVERY entries or when the last checkpoint is older than
DANCHU_LOG_CHECKPOINT_SECONDS; this task covers a quiet log, whose last entries would otherwise
wait for the next append. Enqueue it periodically (e.g. hourly from cron:
`danchu shell -c "from danchu.core.tasks import log_checkpoint; log_checkpoint.enqueue()"`).
Idempotent and retry-safe: when the head is already signed it does nothing.
"""

from django_tasks import task

from .transparency import checkpoint_create


@task()
def log_checkpoint() -> int | None:
    """Sign the log's current head; the checkpoint's seq, or None when there was nothing new."""
    checkpoint = checkpoint_create()
    return checkpoint.seq if checkpoint else None
