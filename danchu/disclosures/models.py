"""Dân biết: statutory disclosures (công khai thông tin), their versions, attachments and questions.

The catalogue (`DisclosureCategory`) is data shipped by a migration: every content Law
10/2022/QH15 says a commune (Art. 11), an agency or public service unit (Art. 46) or a State
enterprise (Art. 64) must make public, with its article, the forms of publicity allowed, the
minimum posting duration and the timing rule. Communes do not type categories in.

A `Disclosure` is one item made public by a unit (or an organization in it). Its content lives
in numbered `DisclosureVersion`s: a correction is a new version and the old one stays visible
as superseded; a withdrawal keeps everything and records the reason. Nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class Scope(models.TextChoices):
    COMMUNE = "commune", gettext_noop("Xã, phường, đặc khu")
    AGENCY = "agency", gettext_noop("Cơ quan hành chính, đơn vị sự nghiệp công lập")
    ENTERPRISE = "enterprise", gettext_noop("Doanh nghiệp nhà nước, tổ chức có sử dụng người lao động")


class Channel(models.TextChoices):
    """Forms of publicity: commune Art. 12(1); agencies Art. 47(1); enterprises Art. 65(1)."""

    NOTICE_COMMUNE = "notice_commune", gettext_noop("Niêm yết tại trụ sở UBND xã")
    NOTICE_HAMLET = "notice_hamlet", gettext_noop("Niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng thôn, tổ dân phố")
    WEBSITE = "website", gettext_noop("Cổng/Trang thông tin điện tử")
    LOUDSPEAKER = "loudspeaker", gettext_noop("Hệ thống loa truyền thanh")
    HAMLET_HEAD = "hamlet_head", gettext_noop("Thông qua trưởng thôn, tổ trưởng tổ dân phố")
    LETTER = "letter", gettext_noop("Gửi văn bản đến người dân")
    MEETING = "meeting", gettext_noop("Hội nghị, cuộc họp, hội nghị đối thoại")
    RECEPTION = "reception", gettext_noop("Tiếp công dân, tiếp xúc cử tri, báo chí, người phát ngôn")
    MASS_ORG = "mass_org", gettext_noop("Thông báo đến tổ chức chính trị - xã hội")
    SOCIAL = "social", gettext_noop("Mạng viễn thông, mạng xã hội hợp pháp")
    NOTICE_WORKPLACE = "notice_workplace", gettext_noop("Niêm yết tại trụ sở, nơi làm việc")
    INTRANET = "intranet", gettext_noop("Mạng nội bộ, cổng thông tin của cơ quan, doanh nghiệp")
    STAFF_CONFERENCE = "staff_conference", gettext_noop("Hội nghị cán bộ, công chức, viên chức, người lao động")
    WRITTEN_NOTICE = "written_notice", gettext_noop("Gửi văn bản đến toàn thể cán bộ, người lao động")
    VIA_MANAGERS = "via_managers", gettext_noop("Thông qua người đứng đầu bộ phận")
    VIA_UNION = "via_union", gettext_noop("Thông qua chi bộ, công đoàn")
    OTHER = "other", gettext_noop("Hình thức khác theo quy chế dân chủ")


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", gettext_noop("ngày làm việc")
    DAYS = "days", gettext_noop("ngày")


class Periodicity(models.TextChoices):
    NONE = "", gettext_noop("Không định kỳ")
    QUARTER = "quarter", gettext_noop("Hằng quý")
    YEAR = "year", gettext_noop("Hằng năm")


class DisclosureCategory(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    scope = models.CharField(max_length=12, choices=Scope.choices, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("tên", max_length=300)
    name_en = models.CharField(max_length=300, blank=True, default="")
    article = models.PositiveSmallIntegerField("điều")
    clause = models.PositiveSmallIntegerField("khoản", null=True, blank=True)
    legal_basis = models.CharField("căn cứ", max_length=300)
    allowed_channels = models.JSONField(default=list)
    required_channels = models.JSONField(default=list, blank=True)  # every one of these (Art. 13(2))
    required_any_channels = models.JSONField(default=list, blank=True)  # at least one of these (Arts. 48, 66)
    recommended_channels = models.JSONField(default=list, blank=True)  # "where a system exists" (Art. 13(3))
    min_posting_days = models.PositiveSmallIntegerField("số ngày niêm yết tối thiểu", null=True, blank=True)
    permanent = models.BooleanField("niêm yết thường xuyên", default=False)
    loudspeaker_days = models.PositiveSmallIntegerField("số ngày phát trên loa tối thiểu", null=True, blank=True)
    deadline_value = models.PositiveSmallIntegerField("thời hạn công khai", null=True, blank=True)
    deadline_unit = models.CharField(max_length=14, choices=DeadlineUnit.choices, blank=True, default="")
    deadline_basis = models.CharField(max_length=200, blank=True, default="")
    periodicity = models.CharField(max_length=8, choices=Periodicity.choices, blank=True, default="")
    # A list of people (beneficiaries, citizens called up): only the columns the law requires.
    has_person_list = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["scope", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=[c.value for c in Scope]), name="disclosure_category_scope"),
            models.CheckConstraint(
                condition=Q(deadline_value__isnull=True) | ~Q(deadline_unit=""), name="disclosure_category_deadline_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def clause_label(self) -> str:
        return f"Điều {self.article}" + (f" khoản {self.clause}" if self.clause else "")


class Status(models.TextChoices):
    DRAFT = "draft", gettext_noop("Bản nháp")
    PUBLISHED = "published", gettext_noop("Đang công khai")
    WITHDRAWN = "withdrawn", gettext_noop("Đã thu hồi")


# What the public may see: not a draft, not internal to an organization (the partial indexes'
# condition; selectors filter with exactly this so that PostgreSQL can use them).
PUBLIC = Q(organization__isnull=True) & ~Q(status="draft")


class Disclosure(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="disclosures")
    organization = models.ForeignKey(
        "units.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    category = models.ForeignKey(DisclosureCategory, on_delete=models.PROTECT, related_name="disclosures")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Denormalised from the unit for one-index subtree queries and scale-out by province.
    unit_path = models.CharField(max_length=255, db_index=True)
    province_code = models.CharField(max_length=8, db_index=True)
    current_version = models.PositiveIntegerField(default=1)
    # Copied from the current version for lists, filters and search (kept by the services).
    title = models.CharField("tiêu đề", max_length=300)
    search_title = models.CharField(max_length=300, default="")
    search_text = models.TextField(default="")  # folded: lower case, no diacritics, đ→d
    decision_date = models.DateField("ngày ban hành quyết định, văn bản", null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # first publication
    published_on = models.DateField(null=True, blank=True, db_index=True)
    due_on = models.DateField("hạn công khai", null=True, blank=True)
    on_time = models.BooleanField(null=True)
    posted_until = models.DateField("niêm yết ít nhất đến hết ngày", null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[c.value for c in Status]), name="disclosure_status_valid"),
            models.CheckConstraint(condition=Q(status="draft") | Q(published_at__isnull=False),
                                   name="disclosure_published_has_date"),
            models.CheckConstraint(condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                                   name="disclosure_withdrawn_has_reason"),
        ]
        indexes = [
            models.Index(fields=["unit_path", "status", "-published_at"], name="disclosure_unit_list"),
            models.Index(fields=["unit", "status", "-published_at", "-id"], name="disclosure_unit_status"),
            models.Index(fields=["category", "status", "published_on"], name="disclosure_category_status"),
            # The public reads (not a draft, not an organization's internal item), in the order shown:
            # a commune's list page, the same filtered by category, and the newest matches of a search.
            models.Index(fields=["unit", "-published_at", "-id"], condition=PUBLIC, name="disclosure_public_unit"),
            models.Index(fields=["unit", "category", "-published_at", "-id"], condition=PUBLIC,
                         name="disclosure_public_unit_cat"),
            models.Index(fields=["-published_at", "-id"], condition=PUBLIC, name="disclosure_public_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != Status.DRAFT


class DisclosureVersion(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True, default="")
    channels = models.JSONField("hình thức công khai", default=list)
    decision_ref = models.CharField("số, ký hiệu văn bản", max_length=100, blank=True, default="")
    decision_date = models.DateField(null=True, blank=True)
    effective_from = models.DateField("hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    period_start = models.DateField("kỳ từ", null=True, blank=True)
    period_end = models.DateField("kỳ đến", null=True, blank=True)
    correction_note = models.TextField("lý do đính chính", blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["disclosure_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "number"], name="disclosure_version_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="disclosure_version_effective_ordered",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="disclosure_version_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(c).label if c in Channel.values else c for c in self.channels]


class AttachmentKind(models.TextChoices):
    PDF = "pdf", gettext_noop("PDF")
    DOCX = "docx", gettext_noop("Word (DOCX)")
    XLSX = "xlsx", gettext_noop("Excel (XLSX)")
    IMAGE = "image", gettext_noop("Ảnh")


class Attachment(models.Model):
    version = models.ForeignKey(DisclosureVersion, on_delete=models.PROTECT, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="disclosures/%Y/%m/", max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["version_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class PersonRow(models.Model):
    """One person on a published list (Art. 11 items 7, 8, 9): only what the law requires —
    who (name and village), what support or result, the amount — never identity numbers, dates of
    birth, phone numbers or addresses below the village."""

    version = models.ForeignKey(DisclosureVersion, on_delete=models.PROTECT, related_name="people")
    position = models.PositiveIntegerField(default=0)
    full_name = models.CharField("họ và tên", max_length=120)
    hamlet = models.CharField("thôn, tổ dân phố", max_length=120, blank=True, default="")
    benefit = models.CharField("chế độ, mức hỗ trợ, kết quả", max_length=200, blank=True, default="")
    amount = models.PositiveBigIntegerField("số tiền (đồng)", null=True, blank=True)

    class Meta:
        ordering = ["version_id", "position", "id"]

    def __str__(self) -> str:
        return self.full_name


class QuestionStatus(models.TextChoices):
    OPEN = "open", gettext_noop("Chưa trả lời")
    ANSWERED = "answered", gettext_noop("Đã trả lời")
    CASE = "case", gettext_noop("Đã tiếp nhận như phản ánh")


class DisclosureQuestion(models.Model):
    """A citizen's question about a disclosure. It is kept here (listed beside the disclosure for
    its officers) and, where the cases app is installed, filed as a feedback case at once, so that
    it gets a tracking code, the legal handling deadlines and an answer (`case_code`)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="questions")
    version_number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField("câu hỏi")
    status = models.CharField(max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    case_code = models.CharField("mã tra cứu phản ánh", max_length=16, blank=True, default="")
    # How an asker without an account receives the answer (optional): shown to the officers who
    # answer, never on a public page (Law 10/2022 Art. 14).
    contact_phone = models.CharField("số điện thoại", max_length=15, blank=True, default="")
    contact_email = models.EmailField("thư điện tử", max_length=254, blank=True, default="")
    unit_path = models.CharField(max_length=255, db_index=True)
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
