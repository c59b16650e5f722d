"""`danchu worker`: the background task worker (django-tasks' database backend, its `db_worker`),
which also reports that it is alive every few seconds (core.ProcessHeartbeat) for /readyz and
`danchu check --deploy`. The same options as `db_worker` (--queue-name, --interval, --batch, …);
start as many as the load needs, each with its own id. TERM or Ctrl-C: the running task finishes,
then the worker stops and removes its heartbeat."""

from __future__ import annotations

import logging
import threading

from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from danchu.core import schedule

logger = logging.getLogger("danchu.worker")
HEARTBEAT_SECONDS = 10.0


class Heartbeat:
    """A thread writing the heartbeat while the worker runs, even during a long task."""

    def __init__(self, kind: str, ident: str, every: float = HEARTBEAT_SECONDS):
        self.kind, self.ident, self.every = kind, ident, every
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"{kind}-heartbeat", daemon=True)

    def beat(self) -> None:
        try:
            schedule.heartbeat(self.kind, self.ident, started_at=self.started_at)
        except Exception as exc:  # noqa: BLE001 - a missed beat is logged; the next one may succeed
            logger.warning("heartbeat not written (%s)", type(exc).__name__)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        try:
            schedule.heartbeat_clear(self.ident)
        except Exception as exc:  # noqa: BLE001 - stopping anyway; the row ages out of /readyz
            logger.warning("heartbeat not cleared (%s)", type(exc).__name__)


class Command(DbWorkerCommand):
    help = "Chạy tác vụ nền (báo cáo, bản đồ ý kiến…) và báo còn sống. Run background tasks, with a heartbeat."

    def handle(self, *args, **options):
        beat = Heartbeat("worker", f"worker:{options['worker_id']}")
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            beat.stop()
