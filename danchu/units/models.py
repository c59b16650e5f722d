"""Administrative units, organizations, households and residents.

One `Unit` tree for every level. `path` is a materialized path of codes ("/01/00004/"),
so "this unit and everything under it" is one indexed prefix query on SQLite and
PostgreSQL alike. Units carry validity dates and successor links: districts ended on
1 July 2025 and most communes and provinces were merged, yet records made under the old
units must still roll up into the current ones.
"""

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

# Two-tier local government from this date (Law on Organisation of Local Government
# 72/2025/QH15; Resolution 202/2025/QH15).
REFORM_DATE = dt.date(2025, 7, 1)
LEGACY_VALID_TO = dt.date(2025, 6, 30)

# Codes of units that existed before the reform are prefixed so they never collide with
# the new official codes (old ward 00004 Trúc Bạch vs new ward 00004 Ba Đình).
LEGACY_PREFIX = "L"


class Level(models.TextChoices):
    PROVINCE = "province", gettext_noop("Tỉnh, thành phố")
    DISTRICT = "district", gettext_noop("Huyện, quận, thị xã (trước 01/7/2025)")
    COMMUNE = "commune", gettext_noop("Xã, phường, đặc khu")
    HAMLET = "hamlet", gettext_noop("Thôn, tổ dân phố")


LEVEL_DEPTH = {Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 2, Level.HAMLET: 3}


class Unit(models.Model):
    code = models.CharField("mã", max_length=24, unique=True)
    name = models.CharField("tên", max_length=150)
    short_name = models.CharField("tên ngắn", max_length=120)
    division_type = models.CharField("loại đơn vị", max_length=30)
    level = models.CharField("cấp", max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # "/01/00004/" — every ancestor's code; prefix queries give the subtree.
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(default=1)
    # Province of the unit (itself for a province): the distribution key for scale-out.
    province_code = models.CharField(max_length=8, db_index=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True, db_index=True)
    successors = models.ManyToManyField(
        "self", through="UnitSuccession", symmetrical=False, related_name="predecessors", blank=True
    )
    # Folded (lower case, no diacritics, đ→d) name, short name and aliases, kept by services.
    search_name = models.CharField(max_length=400, db_index=True)
    is_official = models.BooleanField(default=True, help_text="From the official list (not entered locally)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=[c.value for c in Level]), name="unit_level_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"], name="unit_level_current")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()

    @property
    def is_former(self) -> bool:
        return not self.is_current

    def ancestor_paths(self) -> list[str]:
        parts = [p for p in self.path.split("/") if p]
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class UnitSuccession(models.Model):
    """A former unit was merged into (or split among) its successors on `effective_on`."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="succession_out")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="succession_in")
    effective_on = models.DateField(default=REFORM_DATE)
    # When a former commune was split, the official mapping names the successor that takes
    # its records by default; the others received part of its territory.
    is_primary = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique")]


class OrganizationKind(models.TextChoices):
    AGENCY = "agency", gettext_noop("Cơ quan hành chính nhà nước")
    PUBLIC_SERVICE_UNIT = "public_service_unit", gettext_noop("Đơn vị sự nghiệp công lập")
    ENTERPRISE = "enterprise", gettext_noop("Tổ chức có sử dụng người lao động")


class Organization(models.Model):
    """Agency, public service unit or enterprise: the scope of workplace democracy (Chapters III–IV)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="organizations")
    kind = models.CharField("loại", max_length=24, choices=OrganizationKind.choices)
    name = models.CharField("tên", max_length=200)
    tax_code = models.CharField("mã số thuế", max_length=14, blank=True, default="")
    search_name = models.CharField(max_length=400, db_index=True)
    province_code = models.CharField(max_length=8, db_index=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="organization_unique_name_in_unit")]

    def __str__(self) -> str:
        return self.name


cccd_validator = RegexValidator(r"^\d{12}$", "Số CCCD phải gồm đúng 12 chữ số.")


class Household(models.Model):
    """A household of a hamlet: the voting unit for matters the community decides (Law Art. 21)."""

    hamlet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="households")
    code = models.CharField("mã hộ", max_length=30)
    address = models.CharField("địa chỉ", max_length=255, blank=True, default="")
    representative = models.ForeignKey(
        "Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="represented_households"
    )
    province_code = models.CharField(max_length=8, db_index=True)
    # A household that moved away stays on record (past votes refer to it) but is not current.
    left_on = models.DateField("ngày chuyển đi", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hamlet_id", "code"]
        constraints = [models.UniqueConstraint(fields=["hamlet", "code"], name="household_code_unique_in_hamlet")]

    def __str__(self) -> str:
        return f"Hộ {self.code}"

    def access_target(self):
        """Where a household's rule applies (core.access): its hamlet."""
        return self.hamlet


class Resident(models.Model):
    """A person on a household register. Personal data is kept minimal on purpose."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="residents")
    full_name = models.CharField("họ và tên", max_length=120)
    identity_number = models.CharField(
        "số CCCD", max_length=12, null=True, blank=True, unique=True, validators=[cccd_validator]
    )
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    phone = models.CharField("số điện thoại", max_length=15, blank=True, default="")
    search_name = models.CharField(max_length=200, db_index=True)
    province_code = models.CharField(max_length=8, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="resident_birth_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def access_target(self):
        """Where a resident's rule applies (core.access): the hamlet of their household."""
        return self.household.hamlet


class HouseholdImport(models.Model):
    """One upload of a household register, with its row-by-row rejection report."""

    hamlet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="household_imports")
    # Who uploaded it is in core.AuditEvent (units sits below accounts: no FK to users here).
    actor_name = models.CharField(max_length=150, blank=True, default="")
    filename = models.CharField(max_length=255)
    rows_total = models.PositiveIntegerField(default=0)
    households_created = models.PositiveIntegerField(default=0)
    households_updated = models.PositiveIntegerField(default=0)
    residents_created = models.PositiveIntegerField(default=0)
    residents_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def access_target(self):
        """Where an import's rule applies (core.access): the hamlet it was imported into."""
        return self.hamlet
