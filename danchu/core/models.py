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


class LogTreeNode(models.Model):
    """One complete subtree of the log's Merkle tree (RFC 9162 §2.1), stored so that proofs and the
    next signed tree head are computed from O(log n) rows instead of every entry.

    `pos` numbers the nodes in order ("flat tree"): the subtree of level k (2^k leaves) whose
    leaves are [i·2^k, (i+1)·2^k) is at pos = i·2^(k+1) + 2^k − 1; leaves (level 0, the leaf hash
    of entry seq = i + 1) are at the even positions 2i. `hash` is the raw 32-byte SHA-256. Only
    complete subtrees are stored (about two rows per entry); append-only like the entries."""

    pos = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)

    class Meta:
        ordering = ["pos"]

    def __str__(self) -> str:
        return f"tree node {self.pos}"


class LogTreeHead(models.Model):
    """A signed tree head: the Merkle tree hash (`root_hash`, hex) of the first `tree_size` entries,
    signed with the Ed25519 key kept outside the database. One is written in the same transaction
    as every append, so every committed entry is covered by a signed head (core.transparency)."""

    tree_size = models.BigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["tree_size"]
        constraints = [models.CheckConstraint(condition=models.Q(tree_size__gte=1), name="logtreehead_size_positive")]

    def __str__(self) -> str:
        return f"tree head {self.tree_size}"


class CalendarOverride(models.Model):
    """A day the Government moved for one year, on top of the `holidays` package.

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


class CalendarYear(models.Model):
    """A year whose official holiday and day-swap schedule has been entered, with the document it
    comes from (the Government's announcement). Its swapped days are `CalendarOverride` rows; a year
    may have none. From 1 December the officers are warned while next year has no row here."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    source = models.CharField("căn cứ (số, ngày văn bản)", max_length=400)
    unconfirmed = models.TextField("điều chưa đối chiếu được", blank=True, default="")
    entered_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "lịch nghỉ lễ, hoán đổi của năm"
        verbose_name_plural = "lịch nghỉ lễ, hoán đổi theo năm"

    def __str__(self) -> str:
        return str(self.year)


class JobRun(models.Model):
    """One run of a periodic job (core.schedule) for one period ("2025-07-01" for a daily job).

    The row is claimed (inserted) before the job runs, and (job, period) is unique: two schedulers
    started together run a job once per period. A failed run is claimed again after a delay; a run
    whose process died (still "running" after the job's timeout) too."""

    class Status(models.TextChoices):
        RUNNING = "running", "Đang chạy"
        OK = "ok", "Thành công"
        ENQUEUED = "enqueued", "Đã đưa vào hàng đợi"
        FAILED = "failed", "Lỗi"

    job = models.CharField("việc", max_length=80)
    period = models.CharField("kỳ", max_length=40)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("thời gian (ms)", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=1)
    result = models.JSONField("kết quả", default=dict, blank=True)
    error = models.TextField("lỗi", blank=True, default="")
    task_id = models.CharField("mã tác vụ nền", max_length=64, blank=True, default="")
    runner = models.CharField("tiến trình", max_length=120, blank=True, default="")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "lần chạy việc định kỳ"
        verbose_name_plural = "việc định kỳ: các lần chạy"
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="job_run_once_per_period"),
            models.CheckConstraint(condition=models.Q(status__in=["running", "ok", "enqueued", "failed"]),
                                   name="job_run_status"),
        ]
        indexes = [models.Index(fields=["job", "-started_at"], name="job_run_latest")]

    def __str__(self) -> str:
        return f"{self.job} {self.period} {self.status}"


class ProcessHeartbeat(models.Model):
    """A background process (task worker, scheduler) says it is alive; /readyz and
    `danchu check --deploy` read the age of the latest one."""

    class Kind(models.TextChoices):
        WORKER = "worker", "Tiến trình chạy tác vụ nền"
        SCHEDULER = "scheduler", "Tiến trình lịch việc định kỳ"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    ident = models.CharField("mã tiến trình", max_length=64, unique=True)
    host = models.CharField("máy", max_length=120, blank=True, default="")
    pid = models.PositiveIntegerField("pid", null=True, blank=True)
    started_at = models.DateTimeField("khởi động")
    seen_at = models.DateTimeField("lần báo gần nhất", db_index=True)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = "tiến trình nền"
        verbose_name_plural = "tiến trình nền (nhịp báo sống)"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["worker", "scheduler"]), name="heartbeat_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ident} {self.seen_at:%Y-%m-%d %H:%M:%S}"
