"""Reports: the roll-up table of every indicator, report drafts and exports.

`RollupDay` holds, for each counted indicator, the sum per unit (as recorded: a former unit's
records keep their unit; `reports.rollup` maps them to today's units at read time) and per day.
It is refreshed for a day range by a task or `danchu rollup`, and a test checks it equals the
direct count. `ReportDraft` is the Steering Committee's report before issuing: the figures are
computed, the narrative (limitations, tasks for next period) is typed and edited. `ReportExport`
is one generated file with its state: a failed export is visible as failed, never offered.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class RollupDay(models.Model):
    indicator = models.CharField(max_length=80)
    unit_id = models.BigIntegerField()
    day = models.DateField()
    value = models.BigIntegerField(default=0)

    class Meta:
        # Both carry the value (PostgreSQL covering indexes; ignored elsewhere) so that dashboards sum
        # from the index alone: by indicator and day for a whole country, by unit and day for a subtree.
        constraints = [models.UniqueConstraint(fields=["indicator", "day", "unit_id"], include=["value"],
                                               name="rollup_day_unique")]
        indexes = [models.Index(fields=["unit_id", "day", "indicator"], include=["value"], name="rollup_unit_day")]


class RollupMonth(models.Model):
    """The month-grained roll-up the dashboards and reports read: per indicator, per CURRENT unit (a former
    unit's rows are already moved to the unit that succeeded it, `rollup.legacy_map()` at refresh time)
    and per month (`month` is its first day). Derived from `RollupDay` by `rollup.refresh()`: the days
    refreshed are subtracted and added back (an incremental upsert), and the whole table is rebuilt from
    `RollupDay` when the reform mapping changes (`RollupRefresh.mapping` records the mapping it was built with)."""

    indicator = models.CharField(max_length=80)
    unit_id = models.BigIntegerField()
    month = models.DateField()
    value = models.BigIntegerField(default=0)

    class Meta:
        # A plain unique constraint (the target of the refresh's upsert, on SQLite too, which ignores
        # INCLUDE); the covering index serves the sums, for a scope's units or the whole country.
        constraints = [models.UniqueConstraint(fields=["indicator", "month", "unit_id"], name="rollup_month_unique")]
        indexes = [models.Index(fields=["unit_id", "month", "indicator"], include=["value"], name="rollup_month_unit")]


class RollupUnitMap(models.Model):
    """`rollup.legacy_map()` as a table, for the SQL that moves former units' day rows into month rows:
    former unit → the current unit that inherits its records. Rewritten when the mapping changes."""

    unit_id = models.BigIntegerField(primary_key=True)
    target_id = models.BigIntegerField()


class RollupRefresh(models.Model):
    """One refresh of the roll-up table: which days, how long, how many rows (for the dashboard's
    "figures as of" line and the benchmark)."""

    start = models.DateField()
    end = models.DateField()
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    # Fingerprint of the reform mapping the month table was built with (rollup.mapping_hash()); a
    # different current fingerprint means the month table is stale: reads fall back to the day table
    # and the next refresh rebuilds it.
    mapping = models.CharField(max_length=64, blank=True, default="")
    months_rebuilt = models.BooleanField(default=False)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-finished_at", "-id"]


class DocFormat(models.TextChoices):
    # the issuing body's type chooses the layout.
    STATE = "state", gettext_noop("Văn bản hành chính nhà nước (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", gettext_noop("Văn bản của Đảng (Ban Chỉ đạo do cấp ủy thành lập)")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", gettext_noop("Dự thảo")
    ISSUED = "issued", gettext_noop("Đã ban hành")


class ReportDraft(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="report_drafts")
    period = models.CharField("kỳ báo cáo", max_length=30)  # as parsed by reports.periods: 2025, 2025-Q3…
    doc_format = models.CharField("thể thức", max_length=8, choices=DocFormat.choices, default=DocFormat.PARTY)
    parent_body = models.CharField("cơ quan chủ quản", max_length=200, blank=True, default="")
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    issuer_abbr = models.CharField("chữ viết tắt cơ quan ban hành", max_length=30, default="BCĐ")
    number = models.PositiveIntegerField("số", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # of issue: numbering runs per year
    summary = models.CharField("trích yếu", max_length=300)
    intro = models.TextField("tình hình chung", blank=True, default="")
    limitations = models.TextField("hạn chế, nguyên nhân", blank=True, default="")
    next_tasks = models.TextField("phương hướng, nhiệm vụ kỳ tới", blank=True, default="")
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True, default="")
    signer_name = models.CharField("người ký", max_length=120, blank=True, default="")
    recipients = models.TextField("nơi nhận", blank=True, default="")
    status = models.CharField(max_length=8, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Decree 30/2020 Art. 15: number and symbol unique per year (numbering restarts on 1 January).
            models.UniqueConstraint(fields=["unit", "issuer_abbr", "doc_format", "year", "number"],
                                    condition=Q(number__isnull=False), name="report_number_unique"),
        ]

    def __str__(self) -> str:
        return self.summary


class ExportStatus(models.TextChoices):
    QUEUED = "queued", gettext_noop("Đang chờ")
    RUNNING = "running", gettext_noop("Đang tạo")
    DONE = "done", gettext_noop("Đã xong")
    FAILED = "failed", gettext_noop("Lỗi")


class ReportExport(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="report_exports")
    draft = models.ForeignKey(ReportDraft, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports")
    period = models.CharField(max_length=30)
    fmt = models.CharField(max_length=4)
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    error = models.TextField(blank=True, default="")
    filename = models.CharField(max_length=200, blank=True, default="")
    content = models.BinaryField(null=True, blank=True)  # set only when complete (status done)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(fmt__in=["docx", "xlsx", "pdf"]), name="report_export_fmt"),
            # Never a file offered as complete unless the export finished.
            models.CheckConstraint(condition=Q(status="done") | Q(content__isnull=True), name="report_export_content_only_done"),
        ]
