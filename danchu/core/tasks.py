"""Background work of core (django-tasks: the database backend in production and the demo, the
immediate backend in tests).

`log_checkpoint` signs the transparency log's head. Every append already signs a tree head in its
own transaction (core.transparency); this task covers what appends do not: the chain checkpoints
of a quiet log (appends sign one every DANCHU_LOG_CHECKPOINT_EVERY entries or when the last one is
older than DANCHU_LOG_CHECKPOINT_SECONDS), and the first tree head of a log from before tree heads
(right after the migration that built its Merkle tree) or of entries bulk-loaded by a benchmark.
`danchu schedule` runs it hourly (registered below).
Idempotent and retry-safe: when the head is already signed it does nothing.
"""

from django.conf import settings
from django_tasks import task

from . import schedule
from .transparency import checkpoint_create, tree_head_create


@task()
def log_checkpoint() -> int | None:
    """Sign the log's current head; the checkpoint's seq, or None when there was nothing new. A tree
    head is signed too when the current size has none."""
    tree_head_create()
    checkpoint = checkpoint_create()
    return checkpoint.seq if checkpoint else None


schedule.register("core.log_checkpoint", hourly=5, label="Nhật ký minh bạch: ký đầu cây, điểm kiểm (RFC 9162)",
                  run=lambda now: {"checkpoint": log_checkpoint.call()})
schedule.register("core.schedule_prune", daily="03:00", label="Xóa lịch sử việc định kỳ cũ, nhịp báo của tiến trình đã dừng",
                  run=lambda now: schedule.prune(now=now, keep_days=settings.DANCHU_JOB_RUNS_KEEP_DAYS))
