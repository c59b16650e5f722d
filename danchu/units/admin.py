"""System administrators' view of the unit tree, read-only. Units come from `danchu units import`
(the official lists) and hamlets, organizations, households and residents from units.services
(which keep every unit's path consistent with its parent and write the audit trail) — the
officials' pages or the API. Residents' personal data is not shown here at all."""

from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Household, HouseholdImport, Organization, Unit, UnitSuccession


class SuccessionInline(ReadOnlyInline):
    model = UnitSuccession
    fk_name = "predecessor"
    fields = ("successor",)
    readonly_fields = fields


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "division_type", "valid_from", "valid_to", "is_official")
    list_filter = ("level", "is_official", "valid_to")
    search_fields = ("code", "name", "search_name")
    raw_id_fields = ("parent",)
    inlines = [SuccessionInline]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "unit", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "search_name", "tax_code")
    raw_id_fields = ("unit",)


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("code", "hamlet", "left_on")
    search_fields = ("code",)
    fields = ("code", "hamlet", "left_on")
    raw_id_fields = ("hamlet",)


@admin.register(HouseholdImport)
class HouseholdImportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "hamlet", "filename", "rows_total", "households_created", "residents_created")
    raw_id_fields = ("hamlet",)
