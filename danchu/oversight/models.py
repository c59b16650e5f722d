"""Dân kiểm tra, dân giám sát: the People's Inspection Board (Law 10/2022 Arts. 36-40, 60-63; Decree
59/2023 Arts. 12-15, 20-23), community investment supervision (Arts. 41-45; Decree 59 Arts. 16-19) and
the Fatherland Front's supervision and social criticism (Art. 87; Law on the Fatherland Front Arts.
25-36; Joint Resolution 403/2017).

- `Board` is either a People's Inspection Board (of a commune, or of an organization) or the
  Community Investment Supervision Board of one `InvestmentProject`; its `BoardMember`s are elected
  for a term inside the board's term, and act only within it.
- `Inspection` is one inspection/supervision by the People's Inspection Board; `Supervision` is one
  visit of an investment supervision board (kind `investment`) or one supervision by the Front or a
  member organization (kind `front`); `SocialCriticism` is one social-criticism activity on a draft.
- `Recommendation` is shared by all of them: addressed to a body with a deadline, answered by that
  body, followed up by the board and closed (done, partly done, not accepted with its reason).
  Every step is a `RecommendationEvent`.
- `Document` holds the files (checked by core.attachments) of any of these records.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from danchu.units.models import Organization, Unit


class BoardKind(models.TextChoices):
    INSPECTION = "inspection", gettext_noop("Ban thanh tra nhân dân")
    INVESTMENT = "investment", gettext_noop("Ban giám sát đầu tư của cộng đồng")


class Position(models.TextChoices):
    HEAD = "head", gettext_noop("Trưởng ban")
    DEPUTY = "deputy", gettext_noop("Phó Trưởng ban")
    MEMBER = "member", gettext_noop("Thành viên")


class Seat(models.TextChoices):
    """Whom the member represents. Commune inspection board: elected by a hamlet (Art. 36(1));
    investment board: the Front, the inspection board, or residents of the project's hamlets (Art. 41)."""

    HAMLET = "hamlet", gettext_noop("Do thôn, tổ dân phố bầu")
    STAFF = "staff", gettext_noop("Do hội nghị người lao động bầu")
    FRONT = "front", gettext_noop("Đại diện Ủy ban MTTQ cấp xã")
    INSPECTION_BOARD = "inspection_board", gettext_noop("Đại diện Ban thanh tra nhân dân")
    RESIDENT = "resident", gettext_noop("Người dân nơi có dự án")


class InvestmentKind(models.TextChoices):
    """Law Art. 41(1): the programmes and projects a community supervision board is set up for."""

    PUBLIC = "public", gettext_noop("Dự án đầu tư công")
    PPP = "ppp", gettext_noop("Dự án đầu tư theo phương thức đối tác công tư (PPP)")
    COMMUNITY = "community", gettext_noop("Dự án do cộng đồng dân cư đóng góp, tự quản")
    DONOR = "donor", gettext_noop("Dự án do nhà tài trợ hỗ trợ trực tiếp cho xã")
    OTHER = "other", gettext_noop("Dự án đầu tư khác trên địa bàn")


class InvestmentProject(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="investment_projects")
    hamlets = models.ManyToManyField(Unit, blank=True, related_name="+")
    name = models.CharField("tên công trình, dự án", max_length=250)
    kind = models.CharField("loại dự án", max_length=10, choices=InvestmentKind.choices, default=InvestmentKind.PUBLIC)
    investor = models.CharField("chủ đầu tư", max_length=250)
    contractor = models.CharField("nhà thầu thi công", max_length=250, blank=True, default="")
    budget_vnd = models.BigIntegerField("tổng mức đầu tư (đồng)")
    location = models.CharField("địa điểm", max_length=300)
    starts_on = models.DateField("khởi công")
    ends_on = models.DateField("hoàn thành (dự kiến)")
    description = models.TextField("quy mô, nội dung", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_vnd__gte=0), name="project_budget_nonnegative"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="project_timeline_order"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.TextChoices):
    STATE = "state", gettext_noop("Ngân sách nhà nước")
    COMMUNE = "commune", gettext_noop("Ngân sách xã")
    PEOPLE = "people", gettext_noop("Nhân dân đóng góp")
    DONOR = "donor", gettext_noop("Nhà tài trợ")
    PRIVATE = "private", gettext_noop("Vốn doanh nghiệp (PPP)")
    OTHER = "other", gettext_noop("Nguồn khác")


class ProjectFunding(models.Model):
    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField("nguồn vốn", max_length=10, choices=FundingSource.choices)
    amount_vnd = models.BigIntegerField("số tiền (đồng)")
    note = models.CharField("ghi chú", max_length=300, blank=True, default="")

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="funding_amount_positive")]


class Board(models.Model):
    kind = models.CharField(max_length=10, choices=BoardKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="oversight_boards")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="boards")
    project = models.OneToOneField(InvestmentProject, null=True, blank=True, on_delete=models.PROTECT, related_name="board")
    # The term: commune board = the village head's term (Art. 36(2)); organization board 2 years
    # (Art. 60); investment board = the project, dissolved when done (Art. 41(1)).
    term_start = models.DateField("nhiệm kỳ từ")
    term_end = models.DateField("nhiệm kỳ đến")
    established_on = models.DateField("ngày thành lập, công nhận")
    decision_ref = models.CharField("số quyết định công nhận", max_length=100, blank=True, default="")
    dissolved_on = models.DateField("ngày giải thể", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-term_start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BoardKind.values), name="board_kind_valid"),
            models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")), name="board_term_order"),
            models.CheckConstraint(condition=Q(kind="investment", project__isnull=False, organization__isnull=True)
                                   | Q(kind="inspection", project__isnull=True), name="board_scope_valid"),
        ]

    def __str__(self) -> str:
        where = self.organization.name if self.organization_id else self.unit.name
        return f"{self.get_kind_display()} — {where}"

    def covers(self, day) -> bool:
        return self.term_start <= day <= self.term_end and (self.dissolved_on is None or day <= self.dissolved_on)


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField("họ và tên", max_length=120)
    seat = models.CharField("đại diện", max_length=20, choices=Seat.choices)
    hamlet = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.CharField("chức danh", max_length=8, choices=Position.choices, default=Position.MEMBER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_seats")
    elected_on = models.DateField("ngày bầu")
    term_from = models.DateField("nhiệm kỳ từ")
    term_to = models.DateField("nhiệm kỳ đến")
    by_election = models.BooleanField("bầu bổ sung", default=False)
    ended_on = models.DateField("thôi làm thành viên từ", null=True, blank=True)
    end_reason = models.CharField("lý do", max_length=300, blank=True, default="")
    # Art. 42: an investment board member declares no relative among the decision-maker, investor,
    # consultant, contractor, supervisor or project manager.
    no_conflict_declared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board_id", "position", "full_name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(term_to__gte=models.F("term_from")), name="member_term_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def active_on(self, day) -> bool:
        end = min(self.term_to, self.ended_on) if self.ended_on else self.term_to
        return self.term_from <= day <= end


class PlanPeriod(models.TextChoices):
    """Art. 39(2); Decree 59 Art. 14(1)(a): quarterly, 6-month, annual and term programmes."""

    QUARTER = "quarter", gettext_noop("Quý")
    HALF = "half", gettext_noop("6 tháng")
    YEAR = "year", gettext_noop("Năm")
    TERM = "term", gettext_noop("Nhiệm kỳ")


class BoardPlan(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ", max_length=8, choices=PlanPeriod.choices, default=PlanPeriod.YEAR)
    content = models.TextField("nội dung kế hoạch")
    adopted_on = models.DateField("ngày thông qua")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-adopted_on", "-id"]


class Inspection(models.Model):
    """One inspection or supervision by a People's Inspection Board (Art. 38)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="inspections")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(BoardPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections")
    subject = models.CharField("nội dung, đối tượng kiểm tra", max_length=300)
    inspected_body = models.CharField("cơ quan, người được kiểm tra", max_length=250)
    period_from = models.DateField("thời kỳ kiểm tra từ")
    period_to = models.DateField("đến")
    starts_on = models.DateField("ngày bắt đầu")
    ends_on = models.DateField("ngày kết thúc")
    notified_on = models.DateField("ngày gửi kế hoạch cho MTTQ, Chủ tịch UBND và đối tượng", null=True, blank=True)
    team = models.ManyToManyField(BoardMember, related_name="inspections")
    findings = models.TextField("kết quả, phát hiện", blank=True, default="")
    held_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_to__gte=models.F("period_from")), name="inspection_period_order"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_dates_order"),
        ]
        indexes = [models.Index(fields=["unit", "held_on"], name="inspection_unit_held")]

    def __str__(self) -> str:
        return self.subject


class SupervisionKind(models.TextChoices):
    INVESTMENT = "investment", gettext_noop("Giám sát đầu tư của cộng đồng")
    FRONT = "front", gettext_noop("Giám sát của Mặt trận Tổ quốc, tổ chức chính trị - xã hội")


class FrontBody(models.TextChoices):
    """The Front and its member socio-political organisations (the seeds: "MTTQ, các tổ chức chính trị - xã hội")."""

    FRONT = "front", gettext_noop("Ủy ban Mặt trận Tổ quốc Việt Nam")
    FARMERS = "farmers", gettext_noop("Hội Nông dân")
    WOMEN = "women", gettext_noop("Hội Liên hiệp Phụ nữ")
    YOUTH = "youth", gettext_noop("Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    VETERANS = "veterans", gettext_noop("Hội Cựu chiến binh")
    UNION = "union", gettext_noop("Công đoàn")
    OTHER = "other", gettext_noop("Tổ chức thành viên khác")


class Supervision(models.Model):
    kind = models.CharField(max_length=10, choices=SupervisionKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supervisions")
    # investment: the board and its project; front: the body that supervises.
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.PROTECT, related_name="supervisions")
    project = models.ForeignKey(InvestmentProject, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    conducted_by = models.CharField("chủ trì giám sát", max_length=10, choices=FrontBody.choices, blank=True, default="")
    subject = models.CharField("nội dung giám sát", max_length=300)
    supervised_body = models.CharField("cơ quan, tổ chức, cá nhân được giám sát", max_length=250)
    plan = models.TextField("kế hoạch giám sát", blank=True, default="")
    plan_sent_on = models.DateField("ngày gửi kế hoạch cho đối tượng", null=True, blank=True)
    team_text = models.TextField("thành phần đoàn giám sát", blank=True, default="")
    team = models.ManyToManyField(BoardMember, blank=True, related_name="supervisions")
    starts_on = models.DateField("ngày bắt đầu")
    ends_on = models.DateField("ngày kết thúc")
    findings = models.TextField("kết quả giám sát", blank=True, default="")
    # Art. 43(1): quality, progress, spending, environment of an investment project.
    finding_quality = models.TextField("chất lượng công trình", blank=True, default="")
    finding_progress = models.TextField("tiến độ", blank=True, default="")
    finding_spending = models.TextField("thu, chi, quyết toán", blank=True, default="")
    finding_environment = models.TextField("môi trường, giải phóng mặt bằng", blank=True, default="")
    report_on = models.DateField("ngày báo cáo kết quả", null=True, blank=True)
    held_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SupervisionKind.values), name="supervision_kind_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="supervision_dates_order"),
            models.CheckConstraint(condition=Q(kind="investment", project__isnull=False, board__isnull=False)
                                   | Q(kind="front", project__isnull=True, board__isnull=True),
                                   name="supervision_scope_valid"),
        ]
        indexes = [models.Index(fields=["unit", "kind", "held_on"], name="supervision_unit_held")]

    def __str__(self) -> str:
        return self.subject


class CriticismForm(models.TextChoices):
    """Law on the Fatherland Front Art. 34: conference, written comments, direct dialogue."""

    CONFERENCE = "conference", gettext_noop("Hội nghị phản biện xã hội")
    WRITTEN = "written", gettext_noop("Gửi dự thảo lấy ý kiến bằng văn bản")
    DIALOGUE = "dialogue", gettext_noop("Đối thoại trực tiếp với cơ quan soạn thảo")


class AnswerPosition(models.TextChoices):
    ACCEPTED = "accepted", gettext_noop("Tiếp thu")
    PARTLY = "partly", gettext_noop("Tiếp thu một phần, giải trình phần còn lại")
    NOT_ACCEPTED = "not_accepted", gettext_noop("Không tiếp thu, có giải trình")


class SocialCriticism(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="social_criticisms")
    conducted_by = models.CharField("chủ trì phản biện", max_length=10, choices=FrontBody.choices, default=FrontBody.FRONT)
    form = models.CharField("hình thức", max_length=10, choices=CriticismForm.choices, default=CriticismForm.CONFERENCE)
    draft_title = models.CharField("dự thảo được phản biện", max_length=300)
    drafting_body = models.CharField("cơ quan soạn thảo", max_length=250)
    draft_received_on = models.DateField("ngày nhận dự thảo")
    held_on = models.DateField("ngày tổ chức hội nghị / phản biện")
    place = models.CharField("địa điểm", max_length=200, blank=True, default="")
    participants = models.TextField("thành phần tham dự")
    document = models.TextField("văn bản phản biện xã hội", blank=True, default="")
    document_sent_on = models.DateField("ngày gửi văn bản phản biện", null=True, blank=True)
    answer = models.TextField("văn bản trả lời của cơ quan soạn thảo", blank=True, default="")
    answer_position = models.CharField("tiếp thu", max_length=12, choices=AnswerPosition.choices, blank=True, default="")
    answer_explanation = models.TextField("giải trình phần không tiếp thu", blank=True, default="")
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(answer_position="") | ~Q(answer=""), name="criticism_answer_has_text"),
            models.CheckConstraint(condition=Q(answer_position__in=["", "accepted"]) | ~Q(answer_explanation=""),
                                   name="criticism_non_acceptance_explained"),
        ]
        indexes = [models.Index(fields=["unit", "held_on"], name="criticism_unit_held")]

    def __str__(self) -> str:
        return self.draft_title


class CriticismOpinion(models.Model):
    criticism = models.ForeignKey(SocialCriticism, on_delete=models.CASCADE, related_name="opinions")
    speaker = models.CharField("người, tổ chức phát biểu", max_length=200)
    text = models.TextField("ý kiến")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criticism_id", "id"]


class AddresseeKind(models.TextChoices):
    COMMUNE_PC = "commune_pc", gettext_noop("Ủy ban nhân dân cấp xã")
    ORG_HEAD = "org_head", gettext_noop("Thủ trưởng cơ quan, đơn vị")
    INVESTOR = "investor", gettext_noop("Chủ đầu tư")
    OTHER = "other", gettext_noop("Cơ quan, tổ chức khác")


class RecState(models.TextChoices):
    SENT = "sent", gettext_noop("Đã gửi, chờ trả lời")
    ANSWERED = "answered", gettext_noop("Đã có trả lời, đang theo dõi")
    CLOSED = "closed", gettext_noop("Đã kết thúc")


class Outcome(models.TextChoices):
    DONE = "done", gettext_noop("Đã thực hiện")
    PARTLY_DONE = "partly_done", gettext_noop("Thực hiện một phần")
    NOT_ACCEPTED = "not_accepted", gettext_noop("Không được tiếp thu (có lý do)")


class Recommendation(models.Model):
    """A recommendation after an inspection or a supervision, and its follow-up until closed.

    sent → answered (the body's answer: accepted, partly, not accepted with reasons) → closed
    (done, partly done, not accepted with the reason). Closing needs an answer."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="oversight_recommendations")
    unit_path = models.CharField(max_length=255)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations")
    supervision = models.ForeignKey(Supervision, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations")
    source_kind = models.CharField(max_length=12)  # inspection | investment | front
    content = models.TextField("nội dung kiến nghị")
    addressee_kind = models.CharField("loại cơ quan nhận", max_length=12, choices=AddresseeKind.choices)
    addressee = models.CharField("cơ quan, người nhận kiến nghị", max_length=250)
    sent_on = models.DateField("ngày gửi")
    due_on = models.DateField("hạn trả lời")
    state = models.CharField(max_length=10, choices=RecState.choices, default=RecState.SENT)
    answer = models.TextField("nội dung trả lời", blank=True, default="")
    answer_position = models.CharField(max_length=12, choices=AnswerPosition.choices, blank=True, default="")
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField("kết quả", max_length=12, choices=Outcome.choices, blank=True, default="")
    outcome_note = models.TextField("lý do, ghi chú kết quả", blank=True, default="")
    closed_on = models.DateField("ngày kết thúc theo dõi", null=True, blank=True)
    # Set by the daily sweep (or a late answer): the first day the answer was overdue.
    overdue_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(inspection__isnull=False, supervision__isnull=True)
                                   | Q(inspection__isnull=True, supervision__isnull=False), name="rec_one_source"),
            models.CheckConstraint(condition=Q(state__in=RecState.values), name="rec_state_valid"),
            models.CheckConstraint(condition=~Q(addressee=""), name="rec_addressee_required"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("sent_on")), name="rec_due_after_sent"),
            models.CheckConstraint(condition=Q(state="sent") | (~Q(answer="") & Q(answered_on__isnull=False)),
                                   name="rec_answered_has_answer"),
            models.CheckConstraint(condition=~Q(state="closed") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                                   name="rec_closed_has_outcome"),
            models.CheckConstraint(condition=~Q(outcome="not_accepted") | ~Q(outcome_note=""), name="rec_not_accepted_reason"),
        ]
        indexes = [
            models.Index(fields=["unit", "state", "due_on"], name="rec_unit_queue"),
            models.Index(fields=["unit_path", "state", "due_on"], name="rec_path_queue",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "date_ops"]),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def is_overdue(self, today) -> bool:
        return self.state == RecState.SENT and self.due_on < today


class RecommendationEvent(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)  # sent | answered | follow_up | closed | overdue
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    LABELS = {"sent": gettext_noop("Gửi kiến nghị"), "answered": gettext_noop("Trả lời"),
              "follow_up": gettext_noop("Theo dõi, đôn đốc"), "closed": gettext_noop("Kết thúc theo dõi"),
              "overdue": gettext_noop("Quá hạn trả lời")}

    @property
    def action_label(self) -> str:
        return self.LABELS.get(self.action, self.action)


class Document(models.Model):
    """A file of an oversight record: the plan, minutes, conclusion, the criticism document, the answer."""

    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    supervision = models.ForeignKey(Supervision, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    criticism = models.ForeignKey(SocialCriticism, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField("tên văn bản", max_length=200)
    file = models.FileField(upload_to="oversight/%Y/%m/", max_length=255)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(inspection__isnull=False, supervision__isnull=True, criticism__isnull=True, recommendation__isnull=True)
                           | Q(inspection__isnull=True, supervision__isnull=False, criticism__isnull=True, recommendation__isnull=True)
                           | Q(inspection__isnull=True, supervision__isnull=True, criticism__isnull=False, recommendation__isnull=True)
                           | Q(inspection__isnull=True, supervision__isnull=True, criticism__isnull=True, recommendation__isnull=False)),
                name="oversight_document_one_owner"),
        ]
