from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    raw_id_fields = ("unit", "organization", "granted_by", "revoked_by")
    readonly_fields = ("granted_at",)
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "phone", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "phone", "email")
    fieldsets = BaseUserAdmin.fieldsets + (("danchu", {"fields": ("full_name", "phone", "resident")}),)
    raw_id_fields = ("resident",)
    inlines = [RoleGrantInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "organization", "granted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "organization__name")
    raw_id_fields = ("user", "unit", "organization", "granted_by", "revoked_by")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")
