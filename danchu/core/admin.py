from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited, not even by a system administrator."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "unit_path")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "unit_path")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
