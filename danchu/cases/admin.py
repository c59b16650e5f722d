from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin

from .models import Case, IdentityAccess


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Read-only overview; changes go through the services (pages and API). No identity here."""

    list_display = ("tracking_code", "kind", "status", "unit", "received_on", "next_due", "overdue")
    list_filter = ("kind", "status")
    search_fields = ("tracking_code",)
    # Who filed a case is not shown here: a denouncer's identity (the account included) is for the
    # assigned resolver alone (Law on Denunciations Arts. 9(1), 47, 56), through the officers' page.
    exclude = ("search_text", "idempotency_key", "idempotency_scope", "idempotency_payload", "submitted_by",
               "filer_ref")


@admin.register(IdentityAccess)
class IdentityAccessAdmin(ReadOnlyAdmin):
    """The identity access log: nobody edits or deletes it."""

    list_display = ("at", "case", "user", "purpose")

