"""System administrators' view of accounts. Role grants are read-only here: they are handed out and
revoked only through accounts.services (role_grant / role_revoke: `can_grant_role`, the audit
trail), i.e. the officials' pages or the API. A change to an account is audited."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline
from danchu.core.audit import audit

from .models import ApiToken, RoleGrant, User


class RoleGrantInline(ReadOnlyInline):
    model = RoleGrant
    fk_name = "user"
    fields = ("role", "unit", "organization", "granted_by", "granted_at", "revoked_at", "revoked_by")
    readonly_fields = fields


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "is_staff", "is_active")
    search_fields = ("username", "full_name")
    fieldsets = BaseUserAdmin.fieldsets + (("danchu", {"fields": ("full_name", "phone", "resident")}),)
    raw_id_fields = ("resident",)
    inlines = [RoleGrantInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Field names only: the audit trail never copies personal data.
        audit(actor=request.user, action="admin.user_change" if change else "admin.user_add", obj=obj,
              fields=sorted(form.changed_data))

    def delete_model(self, request, obj):
        audit(actor=request.user, action="admin.user_delete", obj=obj)
        super().delete_model(request, obj)


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "unit", "organization", "granted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name", "organization__name")
    raw_id_fields = ("user", "unit", "organization", "granted_by", "revoked_by")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    exclude = ("key_hash",)


# django-axes' sign-in records: readable in the admin, never edited there (a lock is lifted with
# `danchu axes_reset_username`, which leaves the trace in the command's output, not a silent delete).
def _axes_read_only():
    from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model, base in ((AccessAttempt, AccessAttemptAdmin), (AccessLog, AccessLogAdmin),
                        (AccessFailureLog, AccessFailureLogAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, type(f"ReadOnly{base.__name__}", (ReadOnlyAdmin, base), {}))


_axes_read_only()
