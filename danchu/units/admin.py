"""System administrators' view of the unit tree. Officials use the Vietnamese pages instead."""

from django.contrib import admin

from .models import Household, HouseholdImport, Organization, Resident, Unit, UnitSuccession


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    raw_id_fields = ("successor",)
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "division_type", "valid_from", "valid_to", "is_official")
    list_filter = ("level", "is_official", "valid_to")
    search_fields = ("code", "name", "search_name")
    raw_id_fields = ("parent",)
    readonly_fields = ("path", "depth", "province_code", "search_name", "created_at", "updated_at")
    inlines = [SuccessionInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "search_name", "tax_code")
    raw_id_fields = ("unit",)


class ResidentInline(admin.TabularInline):
    model = Resident
    fields = ("full_name", "identity_number", "birth_year", "phone")
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("code", "hamlet", "address", "representative", "left_on")
    search_fields = ("code", "residents__search_name")
    raw_id_fields = ("hamlet", "representative")
    inlines = [ResidentInline]


@admin.register(HouseholdImport)
class HouseholdImportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "hamlet", "filename", "rows_total", "households_created", "residents_created")
    raw_id_fields = ("hamlet",)
    readonly_fields = [f.name for f in HouseholdImport._meta.fields]
