from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what, written by the service in the same transaction as the change itself.

    Append-only by convention (no service updates or deletes rows). The public,
    hash-chained transparency log is a separate structure for published records.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    unit_path = models.CharField(max_length=255, blank=True, default="", db_index=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class LogEntry(models.Model):
    """One entry of the public, append-only, hash-chained transparency log (core.transparency).

    Any kind of record can be logged: the caller gives its canonical JSON (`payload`, stored
    as the exact text that was hashed). `hash` = SHA-256 over the canonical JSON of the
    header (seq, at, kind, object_type, object_id, payload_sha256, prev_hash), so changing
    any field, or removing an entry, breaks the chain from there on. Nothing updates or
    deletes rows; `danchu verify-log` proves it.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    payload = models.TextField()
    payload_sha256 = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="logentry_object")]
        constraints = [models.CheckConstraint(condition=models.Q(seq__gte=1), name="logentry_seq_positive")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.object_type}:{self.object_id}"


class LogCheckpoint(models.Model):
    """The log's head at `seq`, signed with the Ed25519 key kept outside the database.

    A signed checkpoint stops anyone who can write to the database from rewriting the chain
    up to that point (recomputing every hash) without the signature failing."""

    seq = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"


class CalendarOverride(models.Model):
    """A day the Government moved for one year, on top of the `holidays` package (law.md §3.0).

    `day_off`: a weekday given off (a compensatory/bridge day); `working_day`: a Saturday or
    Sunday worked in exchange. Entered by an administrator for years the package does not know
    yet; core.calendar reads them."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ bù / hoán đổi"
        WORKING_DAY = "working_day", "Ngày làm việc bù (thứ Bảy, Chủ nhật)"

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    note = models.CharField("căn cứ, ghi chú", max_length=200, blank=True, default="")

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày hoán đổi"
        verbose_name_plural = "ngày nghỉ bù, làm bù"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["day_off", "working_day"]), name="calendar_override_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"
