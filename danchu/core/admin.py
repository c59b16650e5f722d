from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from .errors import DomainError
from .models import AuditEvent, CalendarOverride, CalendarYear, LogCheckpoint, LogEntry, LogTreeHead


class _NoWrites:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(_NoWrites, admin.ModelAdmin):
    """For records written only by services (audit trail, logs, cases): visible, never edited here."""


class ReadOnlyInline(_NoWrites, admin.TabularInline):
    """An inline of records that only services write."""

    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited, not even by a system administrator."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "unit_path")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "unit_path")


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    """The transparency log, read-only: it is append-only (a trigger on PostgreSQL enforces it)."""

    list_display = ("seq", "at", "kind", "object_type", "object_id", "hash")
    list_filter = ("kind", "object_type")
    search_fields = ("=object_id", "=hash")
    show_full_result_count = False  # no COUNT(*) over millions of entries


@admin.register(LogCheckpoint)
class LogCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "key_id", "hash")


@admin.register(LogTreeHead)
class LogTreeHeadAdmin(ReadOnlyAdmin):
    """The signed tree heads (RFC 9162 §4.10), one per append: read-only like the entries they sign."""

    list_display = ("tree_size", "at", "key_id", "root_hash")
    search_fields = ("=tree_size", "=root_hash")
    show_full_result_count = False


class ServiceSaveAdmin(admin.ModelAdmin):
    """An admin whose save calls a service: a refusal (DomainError) is shown as the admin's error message
    and the form is offered again; nothing was written (the service's transaction rolled back)."""

    def service_save(self, request, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            self.service_save(request, obj)
        except DomainError as exc:
            request._danchu_refused = exc
            self.message_user(request, exc.message, messages.ERROR)

    def _refused(self, request):
        return getattr(request, "_danchu_refused", None) is not None

    def log_addition(self, request, obj, message):
        return None if self._refused(request) else super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if self._refused(request):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ServiceSaveAdmin):
    """Compensatory days off and make-up working days per year (core.calendar); saved through the service."""

    list_display = ("day", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def service_save(self, request, obj):
        from .calendar import calendar_override_set

        calendar_override_set(actor=request.user, day=obj.day, kind=obj.kind, note=obj.note)

    def has_change_permission(self, request, obj=None):
        return obj is None  # a day's override is set again (the service replaces it), not edited

    def has_delete_permission(self, request, obj=None):
        return False  # a declared day off is a fact deadlines were computed with: set it again instead


@admin.register(CalendarYear)
class CalendarYearAdmin(ServiceSaveAdmin):
    """The years whose official schedule is in, each with its source and what could not be confirmed
    (loaded by the data migration and `danchu calendar import`); a year is added through the service."""

    list_display = ("year", "source", "unconfirmed", "entered_at")
    fields = ("year", "source", "unconfirmed")

    def service_save(self, request, obj):
        from .calendar import calendar_year_declare

        calendar_year_declare(actor=request.user, year=obj.year, source=obj.source, unconfirmed=obj.unconfirmed)

    def has_change_permission(self, request, obj=None):
        return obj is None  # declared again (the service replaces it), not edited

    def has_delete_permission(self, request, obj=None):
        return False  # deadlines were computed with it
