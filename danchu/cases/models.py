"""Cases: feedback (phản ánh), recommendations (kiến nghị), complaints (khiếu nại) and
denunciations (tố cáo) (Law on Complaints 2011, Law on Denunciations 2018, Citizen Reception Law 2013).

A `Case` lands with a unit (the competent commune); every step is a `CaseEvent` (who, when,
why). Deadlines computed by `deadlines.py` are stored on the case and recomputed by the services
whenever a step changes them. The person's identity and contact details never sit in the clear:
`CaseIdentity` holds them encrypted with a key kept outside the database (crypto.py); every
read is an `IdentityAccess` row (Law on Denunciations Arts. 9(1), 47, 56; Law 10/2022 Art. 9(2)).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class Kind(models.TextChoices):
    FEEDBACK = "feedback", gettext_noop("Phản ánh")
    RECOMMENDATION = "recommendation", gettext_noop("Kiến nghị")
    COMPLAINT = "complaint", gettext_noop("Khiếu nại")
    DENUNCIATION = "denunciation", gettext_noop("Tố cáo")


class Channel(models.TextChoices):
    WEB = "web", gettext_noop("Trực tuyến (cổng thông tin)")
    RECEPTION = "reception", gettext_noop("Trực tiếp tại nơi tiếp công dân")
    LETTER = "letter", gettext_noop("Đơn thư gửi qua bưu điện")
    API = "api", gettext_noop("Ứng dụng kết nối (API)")
    OPEN311 = "open311", gettext_noop("Open311")


class Category(models.TextChoices):
    """Open311 services map to these (open311.py)."""

    ROADS = "roads", gettext_noop("Đường sá, cầu cống")
    LIGHTING = "lighting", gettext_noop("Điện chiếu sáng")
    ENVIRONMENT = "environment", gettext_noop("Môi trường, rác thải")
    ORDER = "order", gettext_noop("An ninh, trật tự")
    LAND = "land", gettext_noop("Đất đai, xây dựng")
    PROCEDURE = "procedure", gettext_noop("Thủ tục hành chính")
    OFFICIALS = "officials", gettext_noop("Cán bộ, công chức")
    OTHER = "other", gettext_noop("Khác")


class Status(models.TextChoices):
    RECEIVED = "received", gettext_noop("Đã tiếp nhận")
    ACCEPTED = "accepted", gettext_noop("Đã thụ lý")
    TRANSFERRED = "transferred", gettext_noop("Đã chuyển cơ quan có thẩm quyền ngoài hệ thống")
    REFUSED = "refused", gettext_noop("Không thụ lý")
    MERGED = "merged", gettext_noop("Đã gộp vào hồ sơ khác")
    RESOLVED = "resolved", gettext_noop("Đã giải quyết, trả lời")


OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED)


def format_tracking_code(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


class Case(models.Model):
    tracking_code = models.CharField(max_length=16, unique=True)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    category = models.CharField("lĩnh vực", max_length=16, choices=Category.choices, default=Category.OTHER)
    channel = models.CharField("hình thức", max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="cases")
    unit_path = models.CharField(max_length=255)  # denormalised for one-index subtree queues
    province_code = models.CharField(max_length=8, db_index=True)
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    # Complaint: the administrative decision or act complained about (Law on Complaints Art. 8).
    decision_complained = models.CharField("quyết định, hành vi bị khiếu nại", max_length=500, blank=True, default="")
    second_time = models.BooleanField("khiếu nại lần hai", default=False)
    # Denunciation: the person or body denounced and the violation (Law on Denunciations Art. 23).
    accused = models.CharField("người, cơ quan bị tố cáo", max_length=300, blank=True, default="")
    violation = models.CharField("hành vi vi phạm", max_length=500, blank=True, default="")
    # Anonymous denunciation, handled as information (Law on Denunciations Art. 25).
    anonymous_denunciation = models.BooleanField(default=False)
    from_board = models.BooleanField("kiến nghị của Ban TTND / Ban GSĐTCĐ", default=False)
    event_date = models.DateField("ngày xảy ra, ngày nhận quyết định", null=True, blank=True)
    location = models.CharField("địa điểm", max_length=300, blank=True, default="")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    is_public = models.BooleanField("cho phép công khai nội dung (không kèm danh tính)", default=False)
    # Handling facts that change deadlines.
    complex_case = models.BooleanField("vụ việc phức tạp", default=False)
    especially_complex = models.BooleanField("đặc biệt phức tạp", default=False)
    remote_area = models.BooleanField("vùng sâu, vùng xa đi lại khó khăn", default=False)
    multi_site = models.BooleanField("xác minh nhiều nơi", default=False)
    extensions = models.PositiveSmallIntegerField("số lần gia hạn", default=0)
    # Suspension (Law on Complaints Art. 11a, added by Law 136/2025; Law on Denunciations Art.
    # 34(2)): the resolution clock stops on `suspended_on` and the days it stood still are not
    # counted (`suspended_days`, summed over every suspension).
    suspended_on = models.DateField("tạm đình chỉ từ ngày", null=True, blank=True)
    suspended_days = models.PositiveIntegerField("số ngày tạm đình chỉ", default=0)
    # Complaints: the day the first-time decision was received, for the second complaint's window (Art. 33).
    first_decision_on = models.DateField("ngày nhận quyết định giải quyết lần đầu", null=True, blank=True)
    # Filed after the time limit (Complaints Arts. 9, 33) as computed; the officer still decides,
    # because time lost to objective obstacles is not counted and only the complainant can show it.
    filed_late = models.BooleanField("quá thời hiệu (theo tính toán)", default=False)
    # Dates and stored deadlines (recomputed by services; deadlines.py cites the article of each).
    received_on = models.DateField()
    received_at = models.DateTimeField(auto_now_add=True)
    accepted_on = models.DateField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    accept_due = models.DateField(null=True, blank=True)
    accept_due_outer = models.DateField(null=True, blank=True)
    resolve_due = models.DateField(null=True, blank=True)
    after_due = models.DateField(null=True, blank=True)  # decision sent / conclusion published
    next_due = models.DateField(null=True, blank=True)  # earliest binding deadline (deadlines.next_due): queue, overdue flag
    deadline_rules = models.JSONField(default=list, blank=True)
    overdue = models.BooleanField(default=False)
    reminded_on = models.DateField(null=True, blank=True)
    on_time = models.BooleanField(null=True, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="assigned_cases")
    # The account that filed the case (the citizen's own list of cases). Never for a denunciation:
    # its filer is kept only as `filer_ref` (a keyed hash, crypto.filer_ref) and inside the encrypted
    # identity, for the assigned resolver alone (Law on Denunciations Arts. 9(1), 47, 56).
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="submitted_cases")
    filer_ref = models.CharField(max_length=64, blank=True, default="", db_index=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    transferred_to = models.CharField("chuyển đến", max_length=300, blank=True, default="")
    transfer_reason = models.CharField(max_length=500, blank=True, default="")
    refusal_ground = models.CharField("căn cứ không thụ lý", max_length=500, blank=True, default="")
    answer = models.TextField("nội dung trả lời, kết luận", blank=True, default="")
    decision_ref = models.CharField("số quyết định, kết luận", max_length=100, blank=True, default="")
    # A retry with the same key, by the same filer, with the same content returns this case. The key
    # is scoped to its filer (`idempotency_scope`: keyed hash of the account or client with the key)
    # and the content is remembered as a keyed hash (`idempotency_payload`): another filer's key never
    # reaches this case, another content with the same key is refused (services._replay).
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    idempotency_scope = models.CharField(max_length=64, blank=True, default="")
    idempotency_payload = models.CharField(max_length=64, blank=True, default="")
    search_text = models.TextField(blank=True, default="")  # folded (core.text.fold); never the identity

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_scope", "idempotency_key"],
                                    condition=Q(idempotency_key__isnull=False), name="case_idempotency_scoped_unique"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="case_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in Status]), name="case_status_valid"),
            models.CheckConstraint(condition=Q(extensions__lte=2), name="case_extensions_max_two"),
            models.CheckConstraint(condition=~Q(status="resolved") | ~Q(answer=""), name="case_resolved_has_answer"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "next_due"], name="case_unit_queue"),
            models.Index(fields=["unit", "received_on"], name="case_unit_received"),
            # Subtree (province) queries: LIKE 'prefix%' needs the pattern operator class on PostgreSQL
            # (ignored elsewhere).
            models.Index(fields=["unit_path", "status", "next_due"], name="case_path_queue",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "date_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def display_code(self) -> str:
        """The tracking code as the citizen was given it and reads it out: "ABCD-EFGH-JK"."""
        return format_tracking_code(self.tracking_code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def protects_filer(self) -> bool:
        """The filer is a denouncer (also one whose denunciation was received as information before
        denunciations without a name and address were refused): their identity, account and own
        documents are for the assigned resolver alone (Law on Denunciations Arts. 9(1), 47, 56)."""
        return self.kind == Kind.DENUNCIATION or self.anonymous_denunciation


class EventAction(models.TextChoices):
    """The steps a case goes through, as `CaseEvent.action` records them."""

    RECEIVED = "received", gettext_noop("Tiếp nhận")
    ACCEPTED = "accepted", gettext_noop("Thụ lý")
    EXTENDED = "extended", gettext_noop("Gia hạn giải quyết")
    SUSPENDED = "suspended", gettext_noop("Tạm đình chỉ giải quyết")
    RESUMED = "resumed", gettext_noop("Tiếp tục giải quyết")
    TRANSFERRED = "transferred", gettext_noop("Chuyển cơ quan có thẩm quyền")
    MERGED = "merged", gettext_noop("Gộp vào hồ sơ khác")
    MERGED_IN = "merged_in", gettext_noop("Nhận hồ sơ trùng gộp vào")
    REFUSED = "refused", gettext_noop("Không thụ lý")
    RESOLVED = "resolved", gettext_noop("Giải quyết, trả lời")


class CaseEvent(models.Model):
    """One step of the case: who, when, why. `public` steps show on the tracking page."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True, default="")
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        """The step's Vietnamese label (the English one through the catalogue, `{% translate %}`)."""
        return EventAction(self.action).label if self.action in EventAction.values else self.action


class AttachmentStage(models.TextChoices):
    INTAKE = "intake", gettext_noop("Kèm theo đơn, phản ánh")
    RESOLUTION = "resolution", gettext_noop("Kèm theo trả lời, quyết định, kết luận")


class CaseAttachment(models.Model):
    """A document filed with a case or with its answer. Kept as received (type checked by content,
    SHA-256 of the content recorded); never edited or deleted by the services. Stored encrypted with
    the identity key (crypto.seal, `sealed`) under a random name, readable by its owner only (0600).
    A denunciation's own documents may carry the denouncer's name or handwriting (Law on
    Denunciations Art. 56): they are opened like the identity, by the assigned officer only, each
    opening logged, and their file name is kept encrypted too (`sealed_name`; `name` is neutral)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    stage = models.CharField(max_length=12, choices=AttachmentStage.choices)
    file = models.FileField(upload_to="cases/%Y/%m/", max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    sealed = models.BooleanField(default=False)  # content encrypted (files stored before this are not)
    sealed_name = models.BinaryField(null=True, blank=True)
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class CaseIdentity(models.Model):
    """The filer's name, address and contacts, encrypted (AES-GCM, key outside the DB)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity")
    nonce = models.BinaryField(max_length=12)
    ciphertext = models.BinaryField()
    key_id = models.CharField(max_length=16)


class AccessPurpose(models.TextChoices):
    """Why an identity was read, as `IdentityAccess.purpose` records it ("attachment:<id>" for a
    denouncer's document)."""

    RESOLVE = "resolve", gettext_noop("xem để giải quyết")
    NOTIFY = "notify", gettext_noop("gửi thông báo cho người gửi")
    API = "api", gettext_noop("xem qua API")
    ATTACHMENT = "attachment", gettext_noop("mở tài liệu kèm theo")


class IdentityAccess(models.Model):
    """Every read of an identity: append-only (no service edits it; the admin is read-only)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identity_reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(max_length=40)

    class Meta:
        ordering = ["-at", "-id"]

    @property
    def purpose_label(self) -> str:
        key = self.purpose.split(":", 1)[0]
        return AccessPurpose(key).label if key in AccessPurpose.values else self.purpose

