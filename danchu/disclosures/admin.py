"""Admin for disclosures: the statutory catalogue may be looked at and switched off (is_active),
never typed in; disclosures, versions and attachments are read-only here — every change goes
through the services (versions, the transparency log, the audit trail), i.e. the officers' pages
or the API."""

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Attachment, Disclosure, DisclosureCategory, DisclosureQuestion, DisclosureVersion


@admin.register(DisclosureCategory)
class DisclosureCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "scope", "article", "clause", "name", "min_posting_days", "periodicity", "is_active")
    list_filter = ("scope", "periodicity", "is_active")
    search_fields = ("code", "name", "legal_basis")
    # The law's content is shipped as data; only switching an item off is an administrator's call.
    readonly_fields = tuple(f.name for f in DisclosureCategory._meta.fields if f.name != "is_active")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = DisclosureVersion
    fields = ("number", "title", "published_at", "superseded_at", "correction_note")
    readonly_fields = fields
    show_change_link = True


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "unit", "category", "status", "current_version", "published_on", "on_time")
    list_filter = ("status", "category__scope", "on_time")
    search_fields = ("=id", "search_title")
    list_select_related = ("unit", "category")
    raw_id_fields = ("unit", "organization", "created_by")
    show_full_result_count = False  # no COUNT(*) over a million rows
    inlines = [VersionInline]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("position", "name", "kind", "size", "sha256")
    readonly_fields = fields


@admin.register(DisclosureVersion)
class DisclosureVersionAdmin(ReadOnlyAdmin):
    list_display = ("disclosure", "number", "title", "published_at", "superseded_at")
    list_select_related = ("disclosure",)
    raw_id_fields = ("disclosure", "created_by")
    show_full_result_count = False
    inlines = [AttachmentInline]


@admin.register(DisclosureQuestion)
class DisclosureQuestionAdmin(ReadOnlyAdmin):
    list_display = ("asked_at", "disclosure", "status", "text")
    list_filter = ("status",)
    list_select_related = ("disclosure",)
    raw_id_fields = ("disclosure", "author")
