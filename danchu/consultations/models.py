"""Dân góp ý: consultations on drafts before the authority decides (Law 10/2022 Arts. 25–29 for a
commune's residents; Arts. 53–55 and 71 for the staff of an agency or the workers of an enterprise).

A `Consultation` holds one draft, split into `Section`s (chapters, articles, clauses, points). People
give `Opinion`s on the whole draft or on one section, and agree / disagree / pass on other people's
opinions (`Vote`, the statements-and-votes model of Polis). Every opinion receives an answer — taken
on board (tiếp thu, with the changed text of a section) or explained (giải trình, with the reason) —
before the synthesis report (`Report`) is published (Art. 28). Counts the pages show are kept on the
rows (`agree`, `participants_count`…) by the services, so that no page counts votes per request. The
opinion map (`OpinionMap`) is computed by a background task and stored as a picture and JSON.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from danchu.units.models import Organization, Unit


class Kind(models.TextChoices):
    """The contents people give opinions on, with their article and item."""

    # Law Art. 25 (commune level).
    SOCIO_ECONOMIC = "socio_economic", "Dự thảo kế hoạch phát triển kinh tế - xã hội, chuyển dịch cơ cấu kinh tế, " \
        "định canh, định cư, phát triển ngành nghề của cấp xã (Điều 25 khoản 1)"
    LAND_USE = "land_use", gettext_noop("Dự thảo kế hoạch sử dụng đất, quản lý và sử dụng quỹ đất của cấp xã (Điều 25 khoản 2)")
    PROJECT = "project", "Chủ trương, chính sách đầu tư, xây dựng, đất đai, môi trường, phương án bồi thường, hỗ trợ, " \
        "tái định cư của dự án trên địa bàn (Điều 25 khoản 3)"
    BOUNDARY = "boundary", "Thành lập, nhập, chia, điều chỉnh địa giới, đặt tên, đổi tên đơn vị hành chính cấp xã; " \
        "thôn, tổ dân phố (Điều 25 khoản 4)"
    ADMIN_DECISION = "admin_decision", "Dự thảo quyết định hành chính có tác động đến cộng đồng dân cư " \
        "(môi trường, sức khỏe, trật tự, an toàn…) (Điều 25 khoản 5)"
    CONSTRUCTION_PLAN = "construction_plan", gettext_noop("Dự thảo quy hoạch xây dựng trên địa bàn cấp xã (Điều 25 khoản 6)")
    DEMOCRACY_REGULATION = "democracy_regulation", gettext_noop("Dự thảo quy chế thực hiện dân chủ ở cấp xã (Điều 25 khoản 7)")
    INDIVIDUAL_DECISION = "individual_decision", "Dự thảo quyết định hành chính làm phát sinh nghĩa vụ hoặc chấm dứt, " \
        "hạn chế quyền của đối tượng cụ thể (Điều 25 khoản 8, Điều 27)"
    OTHER = "other", gettext_noop("Nội dung khác theo quy định của pháp luật hoặc do chính quyền cấp xã quyết định (Điều 25 khoản 9)")
    # Law Arts. 53, 71 (agencies, public service units, enterprises).
    ORG_WORK_PLAN = "org_work_plan", gettext_noop("Kế hoạch công tác, báo cáo sơ kết, tổng kết của cơ quan, đơn vị (Điều 53)")
    ORG_INTERNAL_RULES = "org_internal_rules", gettext_noop("Nội quy, quy chế nội bộ, quy chế chi tiêu nội bộ (Điều 53, Điều 71)")
    ORG_PAY = "org_pay", gettext_noop("Thang lương, bảng lương, định mức lao động, điều kiện làm việc (Điều 71)")
    ORG_DEMOCRACY_REGULATION = "org_democracy_regulation", "Dự thảo quy chế dân chủ ở cơ sở tại nơi làm việc " \
        "(Điều 53, Điều 71)"
    ORG_OTHER = "org_other", gettext_noop("Nội dung khác người lao động tham gia ý kiến (Điều 53, Điều 71)")


UNIT_KINDS = frozenset({Kind.SOCIO_ECONOMIC, Kind.LAND_USE, Kind.PROJECT, Kind.BOUNDARY, Kind.ADMIN_DECISION,
                        Kind.CONSTRUCTION_PLAN, Kind.DEMOCRACY_REGULATION, Kind.INDIVIDUAL_DECISION, Kind.OTHER})
ORG_KINDS = frozenset(set(Kind.values) - UNIT_KINDS)


class Form(models.TextChoices):
    """Law Art. 26 (and Art. 54 for agencies): the forms the People's Committee chooses from."""

    CONFERENCE = "conference", gettext_noop("Hội nghị đối thoại, hội nghị cán bộ")
    MEETING = "meeting", gettext_noop("Họp cộng đồng dân cư")
    BALLOT = "ballot", gettext_noop("Phát phiếu lấy ý kiến hộ gia đình")
    BOX = "box", gettext_noop("Hòm thư góp ý, đường dây nóng")
    FRONT = "front", gettext_noop("Qua Ban công tác Mặt trận, tổ chức chính trị - xã hội, công đoàn")
    PORTAL = "portal", gettext_noop("Cổng, trang thông tin điện tử")
    NETWORK = "network", gettext_noop("Mạng viễn thông, mạng xã hội hợp pháp")
    DIALOGUE = "dialogue", gettext_noop("Đối thoại với người bị ảnh hưởng (Điều 27)")


class Source(models.TextChoices):
    """Where an opinion came from: typed by the person online, or entered by an officer."""

    ONLINE = "online", gettext_noop("Trực tuyến")
    MEETING = "meeting", gettext_noop("Tại cuộc họp, hội nghị")
    PAPER = "paper", gettext_noop("Phiếu, văn bản giấy")
    BOX = "box", gettext_noop("Hòm thư góp ý")
    HOTLINE = "hotline", gettext_noop("Điện thoại, đường dây nóng")
    FRONT = "front", gettext_noop("Qua Mặt trận, tổ chức chính trị - xã hội, công đoàn")


class Status(models.TextChoices):
    DRAFT = "draft", gettext_noop("Đang chuẩn bị")
    OPEN = "open", gettext_noop("Đã công bố, lấy ý kiến")
    FINAL = "final", gettext_noop("Đã công bố báo cáo tổng hợp")


class Consultation(models.Model):
    # The commune whose residents are consulted; for an organization, the organization's unit.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consultations")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="consultations")
    kind = models.CharField("nội dung", max_length=32, choices=Kind.choices)
    title = models.CharField("tên dự thảo", max_length=300)
    summary = models.TextField("tóm tắt", blank=True, default="")
    forms = models.JSONField("hình thức", default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opens_at = models.DateTimeField("bắt đầu lấy ý kiến", null=True, blank=True)
    closes_at = models.DateTimeField("kết thúc lấy ý kiến")
    # Art. 28(2): at least 20 days unless a sector law sets another period: then its reference.
    period_basis = models.CharField("căn cứ thời hạn khác", max_length=300, blank=True, default="")
    answer_due = models.DateField("hạn trả lời ý kiến", null=True, blank=True)
    draft_text = models.TextField("toàn văn dự thảo", blank=True, default="")
    draft_name = models.CharField(max_length=200, blank=True, default="")
    draft_sha256 = models.CharField(max_length=64, blank=True, default="")
    decision_note = models.TextField("quyết định cuối cùng", blank=True, default="")
    participants_count = models.PositiveIntegerField(default=0)
    opinions_count = models.PositiveIntegerField(default=0)  # visible opinions
    hidden_count = models.PositiveIntegerField(default=0)
    votes_count = models.PositiveIntegerField(default=0)
    answered_count = models.PositiveIntegerField(default=0)  # visible opinions with an answer
    search_text = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="consultation_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="consultation_status_valid"),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="consultation_unit_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def issuer(self):
        return self.organization or self.unit


class Section(models.Model):
    """One part of the draft (splitter.Part); `revised_text` is the text after the answers (None: unchanged)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)
    number = models.CharField(max_length=20, blank=True, default="")
    heading = models.CharField(max_length=500, blank=True, default="")
    ref = models.CharField(max_length=120, blank=True, default="")
    depth = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True, default="")
    revised_text = models.TextField(null=True, blank=True)
    opinions_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consultation_id", "position"]
        constraints = [models.UniqueConstraint(fields=["consultation", "position"], name="section_position_unique")]

    def __str__(self) -> str:
        return self.ref or self.heading

    @property
    def label(self) -> str:
        from .splitter import Part

        return Part(kind=self.kind, number=self.number, heading=self.heading).label


class Participant(models.Model):
    """A person who took part online (commented or voted); the row numbers the opinion matrix."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="participant_unique")]


class OpinionStatus(models.TextChoices):
    VISIBLE = "visible", gettext_noop("Hiển thị")
    HIDDEN = "hidden", gettext_noop("Đã ẩn (có lý do)")


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", gettext_noop("Tiếp thu")
    EXPLAINED = "explained", gettext_noop("Giải trình")


class Opinion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # For an opinion collected at a meeting or on paper: whose, as given (may be empty: anonymous).
    author_name = models.CharField(max_length=200, blank=True, default="")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    source_note = models.CharField(max_length=300, blank=True, default="")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    quote = models.TextField("đoạn trích", blank=True, default="")
    text = models.TextField("nội dung ý kiến")
    search_text = models.TextField(blank=True, default="")
    status = models.CharField(max_length=8, choices=OpinionStatus.choices, default=OpinionStatus.VISIBLE)
    hidden_reason = models.CharField(max_length=500, blank=True, default="")
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    passes = models.PositiveIntegerField(default=0)
    # The answer (Art. 28(3)): taken on board with the changed text of a section, or explained.
    answer_kind = models.CharField(max_length=10, choices=AnswerKind.choices, blank=True, default="")
    answer_text = models.TextField(blank=True, default="")
    answer_section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answer_changed_text = models.TextField(blank=True, default="")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=Source.values), name="opinion_source_valid"),
            models.CheckConstraint(condition=Q(answer_kind__in=["", *AnswerKind.values]), name="opinion_answer_kind_valid"),
            # Hidden, never deleted, and never without a reason.
            models.CheckConstraint(condition=Q(status=OpinionStatus.VISIBLE) | ~Q(hidden_reason=""),
                                   name="opinion_hidden_has_reason"),
        ]
        indexes = [
            models.Index(fields=["consultation", "status", "section"], name="opinion_cons_status_section"),
            models.Index(fields=["consultation", "answer_kind"], name="opinion_cons_answer"),
            models.Index(fields=["author", "consultation"], name="opinion_author"),
            # the page's orders: newest first, most agreed, one section's newest
            models.Index(fields=["consultation", "created_at"], name="opinion_cons_created"),
            models.Index(fields=["consultation", "agree"], name="opinion_cons_agree"),
            models.Index(fields=["section", "created_at"], name="opinion_section_created"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def access_target(self):
        """Where an action on an opinion applies (core.access): its consultation — the organization's
        for a staff consultation, else the commune's."""
        return self.consultation

    @property
    def is_hidden(self) -> bool:
        return self.status == OpinionStatus.HIDDEN

    @property
    def votes_total(self) -> int:
        return self.agree + self.disagree + self.passes

    @property
    def agree_percent(self) -> int | None:
        cast = self.agree + self.disagree
        return round(100 * self.agree / cast) if cast else None


class Vote(models.Model):
    AGREE, PASS, DISAGREE = 1, 0, -1
    VALUES = {"agree": 1, "pass": 0, "disagree": -1}

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opinion", "voter"], name="consultation_vote_one_per_person"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="consultation_vote_value_valid"),
        ]
        indexes = [models.Index(fields=["consultation", "voter"], name="consultation_vote_cons_voter")]


class OpinionMap(models.Model):
    """The last computed opinion map of a consultation (opinion_map.compute), stored: pages only read it."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="opinion_map")
    computed_at = models.DateTimeField()
    votes_seen = models.PositiveIntegerField(default=0)
    opinions_seen = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    png = models.BinaryField(blank=True, default=b"")
    data = models.JSONField(default=dict, blank=True)


class Report(models.Model):
    """The published synthesis, explanation and acceptance report (Art. 28(3)) in Decree 30 layout."""

    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, related_name="report")
    issuer_key = models.CharField(max_length=30)  # "u:<unit id>" or "o:<organization id>"
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    symbol = models.CharField(max_length=40)
    content = models.JSONField(default=dict)
    docx = models.BinaryField()
    pdf = models.BinaryField()
    docx_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer_key", "year", "number"], name="consultation_report_number")]
