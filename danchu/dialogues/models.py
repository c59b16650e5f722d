"""Dialogues between leaders and the people, and citizen reception.

- `Dialogue`: a head of a Party committee or government (province, commune) or of an agency /
  enterprise (organization scope) meets the people on a topic (Law 10/2022 Art. 32, Arts. 56, 73;
  Regulation 11-QĐi/TW). Citizens register `DialogueQuestion`s in advance (web) or officers enter
  those collected on paper; at the dialogue the answers and `Commitment`s are recorded; each
  commitment has an owner and a deadline and is followed to done, publicly.
- `ReceptionDay`: one day a unit's leader receives citizens (Citizen Reception Law 42/2013
  Arts. 12, 13, 15 as amended by Law 136/2025; Reg. 11-QĐi/TW as amended by Conclusion 215-KL/TW).
  `ReceptionVisit`: one person (or group) received and what they raised; a complaint,
  denunciation, feedback or recommendation becomes a case in one step (the case's tracking code
  is kept here; the case itself lives in the cases app).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop


class DialogueStatus(models.TextChoices):
    SCHEDULED = "scheduled", gettext_noop("Đã lên lịch")
    HELD = "held", gettext_noop("Đã tổ chức")
    CANCELLED = "cancelled", gettext_noop("Đã hủy")


class LeaderRole(models.TextChoices):
    """Whose reception day / dialogue it is. The reception frequencies hang on these (frequencies.py)."""

    PROVINCE_PARTY_SECRETARY = "province_secretary", gettext_noop("Bí thư Tỉnh ủy, Thành ủy")
    PROVINCE_CHAIR = "province_chair", gettext_noop("Chủ tịch UBND tỉnh, thành phố")
    DISTRICT_CHAIR = "district_chair", gettext_noop("Chủ tịch UBND huyện (trước 01/7/2025)")
    COMMUNE_PARTY_SECRETARY = "commune_secretary", gettext_noop("Bí thư Đảng ủy xã, phường, đặc khu")
    COMMUNE_CHAIR = "commune_chair", gettext_noop("Chủ tịch UBND xã, phường, đặc khu")
    ORG_HEAD = "org_head", gettext_noop("Thủ trưởng cơ quan, đơn vị, người sử dụng lao động")
    OTHER = "other", gettext_noop("Lãnh đạo khác")


def leader_title(role: str, unit) -> str:
    """The leader's title as a letter or a notice writes it, for their own unit: "Chủ tịch Ủy ban nhân dân
    xã Bình Lục", "Bí thư Tỉnh ủy Ninh Bình" — not the generic "xã, phường, đặc khu" of the role's label.
    Roles without a unit-specific title (an organization's head, another leader) keep their label."""
    place = f"{unit.division_type} {unit.short_name}".strip() if unit is not None else ""
    if not place:
        return gettext(LeaderRole(role).label) if role in LeaderRole.values else role
    if role == LeaderRole.PROVINCE_PARTY_SECRETARY:
        if unit.division_type == "thành phố":
            return gettext("Bí thư Thành ủy %(name)s") % {"name": unit.short_name}
        return gettext("Bí thư Tỉnh ủy %(name)s") % {"name": unit.short_name}
    if role in (LeaderRole.PROVINCE_CHAIR, LeaderRole.COMMUNE_CHAIR):
        return gettext("Chủ tịch Ủy ban nhân dân %(unit)s") % {"unit": place}
    if role == LeaderRole.COMMUNE_PARTY_SECRETARY:
        return gettext("Bí thư Đảng ủy %(unit)s") % {"unit": place}
    return gettext(LeaderRole(role).label) if role in LeaderRole.values else role


class Dialogue(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="dialogues")
    organization = models.ForeignKey("units.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="dialogues")
    unit_path = models.CharField(max_length=255)  # denormalised for subtree queries
    province_code = models.CharField(max_length=8, db_index=True)
    leader_role = models.CharField("người chủ trì", max_length=24, choices=LeaderRole.choices)
    leader_name = models.CharField("họ tên người chủ trì", max_length=120)
    topic = models.CharField("chủ đề", max_length=300)
    description = models.TextField("nội dung", blank=True, default="")
    held_on = models.DateField("ngày đối thoại")
    start_time = models.TimeField("giờ bắt đầu", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=300)
    audience = models.CharField("thành phần, đối tượng tham dự", max_length=300)
    status = models.CharField(max_length=10, choices=DialogueStatus.choices, default=DialogueStatus.SCHEDULED)
    attendees = models.PositiveIntegerField("số người tham dự", null=True, blank=True)
    summary = models.TextField("kết luận của người chủ trì", blank=True, default="")
    cancel_reason = models.CharField(max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(blank=True, default="")  # folded (core.text.fold)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in DialogueStatus]), name="dialogue_status_valid"),
            models.CheckConstraint(condition=~Q(status="held") | Q(attendees__isnull=False), name="dialogue_held_attendees"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "held_on"], name="dialogue_unit_status"),
            models.Index(fields=["unit_path", "held_on"], name="dialogue_path_day",
                         opclasses=["varchar_pattern_ops", "date_ops"]),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def leader_title(self) -> str:
        return leader_title(self.leader_role, None if self.organization_id else self.unit)

    @property
    def is_open_for_questions(self) -> bool:
        return self.status == DialogueStatus.SCHEDULED


class QuestionSource(models.TextChoices):
    WEB = "web", gettext_noop("Đăng ký trên cổng thông tin")
    PAPER = "paper", gettext_noop("Phiếu, đơn, hòm thư (cán bộ nhập)")
    AT_DIALOGUE = "at_dialogue", gettext_noop("Nêu trực tiếp tại buổi đối thoại")


class DialogueQuestion(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField("câu hỏi, ý kiến")
    source = models.CharField("nguồn", max_length=12, choices=QuestionSource.choices)
    source_note = models.CharField("nơi thu thập", max_length=300, blank=True, default="")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="dialogue_questions")
    # The asker's name and phone: shown to the unit's officials only; the public page shows the
    # name only when the asker agreed (show_name) — the phone never.
    asker_name = models.CharField("họ tên người hỏi", max_length=120, blank=True, default="")
    asker_phone = models.CharField("số điện thoại", max_length=15, blank=True, default="")
    show_name = models.BooleanField("công khai họ tên", default=False)
    received_on = models.DateField("ngày nhận")
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("trả lời", blank=True, default="")
    answered_by = models.CharField("người trả lời", max_length=120, blank=True, default="")
    answered_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(answered_on__isnull=True) | ~Q(answer=""), name="question_answer_text"),
        ]

    @property
    def public_asker(self) -> str:
        return self.asker_name if self.show_name and self.asker_name else ""


class CommitmentStatus(models.TextChoices):
    OPEN = "open", gettext_noop("Đang thực hiện")
    DONE = "done", gettext_noop("Đã hoàn thành")


class Commitment(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    question = models.ForeignKey(DialogueQuestion, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="commitments")
    text = models.TextField("nội dung cam kết")
    owner = models.CharField("người, cơ quan chịu trách nhiệm", max_length=200)
    due_on = models.DateField("hạn hoàn thành")
    made_on = models.DateField("ngày cam kết")
    status = models.CharField(max_length=8, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN)
    progress = models.TextField("tiến độ", blank=True, default="")
    result = models.TextField("kết quả thực hiện", blank=True, default="")
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    overdue = models.BooleanField("quá hạn", default=False)  # set by the daily sweep (tasks.py)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in CommitmentStatus]), name="commitment_status_valid"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("made_on")), name="commitment_due_after_made"),
            models.CheckConstraint(condition=~Q(status="done") | (Q(done_on__isnull=False) & ~Q(result="")),
                                   name="commitment_done_has_result"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="commitment_status_due")]

    @property
    def kept_on_time(self) -> bool | None:
        if self.status != CommitmentStatus.DONE:
            return None
        return self.done_on <= self.due_on


class ReceptionKind(models.TextChoices):
    REGULAR = "regular", gettext_noop("Định kỳ")
    AD_HOC = "ad_hoc", gettext_noop("Đột xuất")


class ReceptionStatus(models.TextChoices):
    PLANNED = "planned", gettext_noop("Đã lên lịch")
    HELD = "held", gettext_noop("Người đứng đầu đã trực tiếp tiếp")
    DEPUTY = "deputy", gettext_noop("Cấp phó tiếp thay (không tính là ngày tiếp của người đứng đầu)")
    CANCELLED = "cancelled", gettext_noop("Hủy")


class ReceptionDay(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reception_days")
    unit_path = models.CharField(max_length=255)
    province_code = models.CharField(max_length=8, db_index=True)
    leader_role = models.CharField("người tiếp", max_length=24, choices=LeaderRole.choices)
    leader_name = models.CharField("họ tên người tiếp", max_length=120)
    day = models.DateField("ngày tiếp")
    place = models.CharField("địa điểm", max_length=300)
    kind = models.CharField("loại", max_length=8, choices=ReceptionKind.choices, default=ReceptionKind.REGULAR)
    online = models.BooleanField("tiếp trực tuyến", default=False)  # Law 136/2025 new Art. 3a
    reason = models.CharField("lý do tiếp đột xuất", max_length=500, blank=True, default="")
    status = models.CharField(max_length=10, choices=ReceptionStatus.choices, default=ReceptionStatus.PLANNED)
    note = models.CharField("ghi chú", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "leader_role", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in ReceptionStatus]), name="reception_status_valid"),
            models.UniqueConstraint(fields=["unit", "leader_role", "day"], name="reception_one_day_per_leader"),
        ]
        indexes = [models.Index(fields=["unit", "day"], name="reception_unit_day")]

    def __str__(self) -> str:
        return f"{self.get_leader_role_display()} {self.day:%d/%m/%Y}"

    @property
    def leader_title(self) -> str:
        return leader_title(self.leader_role, self.unit)


class VisitKind(models.TextChoices):
    GUIDANCE = "guidance", gettext_noop("Hỏi, trình bày (hướng dẫn, giải thích)")
    FEEDBACK = "feedback", gettext_noop("Phản ánh")
    RECOMMENDATION = "recommendation", gettext_noop("Kiến nghị")
    COMPLAINT = "complaint", gettext_noop("Khiếu nại")
    DENUNCIATION = "denunciation", gettext_noop("Tố cáo")


CASE_KINDS = (VisitKind.FEEDBACK, VisitKind.RECOMMENDATION, VisitKind.COMPLAINT, VisitKind.DENUNCIATION)


class ReceptionVisit(models.Model):
    reception_day = models.ForeignKey(ReceptionDay, on_delete=models.PROTECT, related_name="visits")
    # Who was received. For a denunciation the name stays only in the case, encrypted (Law on
    # Denunciations Arts. 47, 56): here it is left empty.
    visitor_name = models.CharField("họ tên người được tiếp", max_length=120, blank=True, default="")
    group_size = models.PositiveSmallIntegerField("số người", default=1)  # Citizen Reception Law Art. 29
    kind = models.CharField("loại nội dung", max_length=16, choices=VisitKind.choices)
    summary = models.TextField("nội dung trình bày")
    guidance = models.TextField("hướng dẫn, giải thích, trả lời tại buổi tiếp", blank=True, default="")
    case_code = models.CharField("mã hồ sơ", max_length=16, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reception_day__day", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="visit_group_size_positive"),
        ]
