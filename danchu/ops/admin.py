"""Admin pages of operations: the periodic jobs' runs and the background processes' heartbeats,
read-only (written by `danchu schedule`, `danchu daily` and `danchu worker` only)."""

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.core.models import JobRun, ProcessHeartbeat


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "period", "status", "started_at", "duration_ms", "attempts", "result_short")
    list_filter = ("status", "job")
    search_fields = ("=job", "period")
    date_hierarchy = "started_at"
    readonly_fields = ("job", "period", "status", "started_at", "finished_at", "duration_ms", "attempts", "result",
                       "error", "task_id", "runner")

    @admin.display(description="kết quả")
    def result_short(self, obj):
        if obj.error:
            return obj.error.strip().splitlines()[-1][:120]
        return ", ".join(f"{k}: {v}" for k, v in (obj.result or {}).items())[:120]


@admin.register(ProcessHeartbeat)
class ProcessHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("kind", "ident", "host", "pid", "started_at", "seen_at")
    list_filter = ("kind",)
