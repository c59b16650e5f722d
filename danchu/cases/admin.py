from django.contrib import admin

from .models import Case, IdentityAccess


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only overview; changes go through the services (pages and API). No identity here."""

    list_display = ("tracking_code", "kind", "status", "unit", "received_on", "next_due", "overdue")
    list_filter = ("kind", "status")
    search_fields = ("tracking_code",)
    exclude = ("search_text", "idempotency_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdentityAccess)
class IdentityAccessAdmin(admin.ModelAdmin):
    """The identity access log: nobody edits or deletes it."""

    list_display = ("at", "case", "user", "purpose")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
