"""Dân bàn, dân quyết: matters the community decides by household vote (Law 10/2022 Arts. 15–24,
Decree 59/2023 Arts. 3–5).

A `Matter` is one question put to the households of one hamlet, or of several hamlets of one
commune. When voting opens its electorate is frozen into `ElectorEntry` rows (one per household
then living in the scope): a household that moves in later does not change the denominator.

Voices come on three channels: online by the household's representative, a paper ballot typed in
twice by two different people (`PaperEntry`) and reconciled, or a show of hands recorded per
household at the meeting. Each becomes a `Vote` row, at most one per household and channel; the
one that counts carries `counted=True`, and a partial unique index makes a second counted voice for
the same household impossible in the database, whatever the code does.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from danchu.units.models import Household, Level, Unit


class Kind(models.TextChoices):
    """The matters of Law Art. 15, with their item number."""

    CONTRIBUTION = "contribution", gettext_noop("Chủ trương, mức đóng góp xây dựng công trình công cộng (Điều 15 khoản 1)")
    FUNDS = "funds", gettext_noop("Thu, chi, quản lý các khoản đóng góp, quỹ của cộng đồng (Điều 15 khoản 2)")
    CONVENTION = "convention", gettext_noop("Nội dung hương ước, quy ước (Điều 15 khoản 3)")
    HAMLET_HEAD = "hamlet_head", gettext_noop("Bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố (Điều 15 khoản 4)")
    BOARDS = "boards", gettext_noop("Bầu, bãi nhiệm thành viên Ban TTND, Ban GSĐTCĐ (Điều 15 khoản 5)")
    OTHER = "other", gettext_noop("Công việc tự quản khác trong cộng đồng (Điều 15 khoản 6)")


# Law Art. 21: who recognises an adopted result (items 3-5) — the commune People's Committee a convention,
# its chair a village head's election or dismissal, the commune Front's standing committee the boards.
RECOGNIZER = {
    Kind.CONVENTION: gettext_noop("UBND xã"),
    Kind.HAMLET_HEAD: gettext_noop("Chủ tịch UBND xã"),
    Kind.BOARDS: gettext_noop("Ban Thường trực Ủy ban MTTQ Việt Nam xã"),
}
ART15_ITEM = {Kind.CONTRIBUTION: 1, Kind.FUNDS: 2, Kind.CONVENTION: 3, Kind.HAMLET_HEAD: 4, Kind.BOARDS: 5, Kind.OTHER: 6}

# Law Art. 21(2): only items 1 and 2 are decided commune-wide (by 2/3 of the villages); a convention, a
# village head, the boards and other self-managed affairs are decided by one hamlet (Art. 21(1)).
COMMUNE_WIDE_KINDS = (Kind.CONTRIBUTION, Kind.FUNDS)


def kinds_for_level(level: str) -> tuple[str, ...]:
    """The kinds of matter a unit of this level may put to its households: the one rule the new-matter
    form offers and `services.matter_create` enforces. No kind for a unit that puts no matter."""
    if level == Level.HAMLET:
        return tuple(Kind.values)
    if level == Level.COMMUNE:
        return tuple(COMMUNE_WIDE_KINDS)
    return ()


class Form(models.TextChoices):
    """Law Art. 17: meeting, a ballot to each household, online voting (Art. 15(6) only)."""

    MEETING = "meeting", gettext_noop("Họp cộng đồng dân cư")
    BALLOT = "ballot", gettext_noop("Phát phiếu lấy ý kiến từng hộ gia đình")
    # Law Art. 19(1)(b); Decree 59 Art. 4(1): ballots only when the meeting could not decide, then to
    # every household (services._check_meeting_round, tally.round_count).
    MEETING_BALLOT = "meeting_ballot", gettext_noop("Họp; phát phiếu lấy ý kiến các hộ nếu cuộc họp không đủ số hộ")
    ONLINE = "online", gettext_noop("Biểu quyết trực tuyến")
    MEETING_ONLINE = "meeting_online", gettext_noop("Họp kết hợp biểu quyết trực tuyến")


FORM_CHANNELS = {
    Form.MEETING: {"meeting"},
    Form.BALLOT: {"paper"},
    Form.MEETING_BALLOT: {"meeting", "paper"},
    Form.ONLINE: {"online"},
    Form.MEETING_ONLINE: {"meeting", "online"},
}


# Decree 59 Art. 3(3)–(5): the procedure of the hamlet meeting (notice, secretary, witnesses of the
# minutes) for the matters decided at a meeting.
MEETING_FORMS = (Form.MEETING, Form.MEETING_BALLOT)
NOTICE_DAYS = 2  # Decree 59 Art. 3(3): at least 02 days before the meeting


class OptionsKind(models.TextChoices):
    YES_NO = "yes_no", gettext_noop("Đồng ý / Không đồng ý / Ý kiến khác")
    LIST = "list", gettext_noop("Chọn một trong danh sách (ứng cử viên, phương án)")
    AMOUNT = "amount", gettext_noop("Chọn một mức (số tiền, ngày công)")


class YesNo(models.TextChoices):
    """The keys and labels of a yes/no matter's options (`Matter.options`)."""

    AGREE = "agree", gettext_noop("Đồng ý")
    DISAGREE = "disagree", gettext_noop("Không đồng ý")
    OTHER = "other", gettext_noop("Ý kiến khác")


class Status(models.TextChoices):
    DRAFT = "draft", gettext_noop("Dự thảo")
    OPEN = "open", gettext_noop("Đang biểu quyết")
    CLOSED = "closed", gettext_noop("Đã kết thúc")


class Result(models.TextChoices):
    ADOPTED = "adopted", gettext_noop("Được thông qua")
    NOT_ADOPTED = "not_adopted", gettext_noop("Không được thông qua")
    NOT_VALID = "not_valid", gettext_noop("Không hợp lệ (không đủ số hộ tham gia)")


class ChannelRule(models.TextChoices):
    """Which voice counts when a household voted on two channels. The law is silent; the matter
    states its rule before voting opens and the minutes repeat it."""

    IN_PERSON_FIRST = "in_person_first", gettext_noop("Tính phiếu giấy hoặc giơ tay tại cuộc họp, không tính phiếu trực tuyến")
    ONLINE_FIRST = "online_first", gettext_noop("Tính phiếu trực tuyến, không tính phiếu giấy hoặc giơ tay tại cuộc họp")


class Channel(models.TextChoices):
    ONLINE = "online", gettext_noop("Trực tuyến")
    PAPER = "paper", gettext_noop("Phiếu giấy")
    MEETING = "meeting", gettext_noop("Giơ tay tại cuộc họp")


class Recognition(models.TextChoices):
    NOT_NEEDED = "", gettext_noop("Không cần công nhận")
    PENDING = "pending", gettext_noop("Chờ công nhận")
    RECOGNIZED = "recognized", gettext_noop("Đã công nhận")
    REFUSED = "refused", gettext_noop("Từ chối công nhận (có lý do)")


class Matter(models.Model):
    # The commune (commune-wide) or the hamlet that decides; `hamlets` are the voting hamlets.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="matters")
    hamlets = models.ManyToManyField(Unit, related_name="voting_matters")
    kind = models.CharField("nội dung", max_length=16, choices=Kind.choices)
    title = models.CharField("tiêu đề", max_length=250)
    description = models.TextField("nội dung chi tiết", blank=True, default="")
    options_kind = models.CharField(max_length=8, choices=OptionsKind.choices, default=OptionsKind.YES_NO)
    # [{"key": "agree", "label": "Đồng ý"}, …]; for amounts the label carries the amount.
    options = models.JSONField(default=list)
    form = models.CharField("hình thức", max_length=16, choices=Form.choices, default=Form.MEETING)
    secret = models.BooleanField("bỏ phiếu kín", default=False)
    channel_rule = models.CharField(max_length=16, choices=ChannelRule.choices, default=ChannelRule.IN_PERSON_FIRST)
    # Decree 59 Art. 5(1), 5(2)(c): >50% of all household representatives first agree to vote online.
    online_agreed = models.PositiveIntegerField(null=True, blank=True)
    online_agreed_total = models.PositiveIntegerField(null=True, blank=True)
    meeting_at = models.DateTimeField("thời gian họp", null=True, blank=True)
    meeting_place = models.CharField("địa điểm", max_length=200, blank=True, default="")
    # Decree 59 Art. 3(3): the notice of the meeting and its documents reach the households at least
    # 02 days before it; the date they were sent.
    notice_sent_on = models.DateField("ngày gửi thông báo họp", null=True, blank=True)
    # Whether the notice, secretary and signers above are required of this matter: every matter created
    # from now on; matters already under way when the platform began recording them keep the procedure
    # they started with (their meetings were convened on paper), so an open vote is never stranded.
    meeting_procedure = models.BooleanField(default=True)
    # Decree 59 Art. 3(4): the meeting chooses its secretary by more than 50% of the households
    # attending; the secretary's name and how many attending households agreed.
    secretary_name = models.CharField("thư ký cuộc họp", max_length=120, blank=True, default="")
    secretary_agreed = models.PositiveIntegerField(null=True, blank=True)
    secretary_present = models.PositiveIntegerField(null=True, blank=True)
    # Decree 59 Art. 3(5)(c): two representatives of attending households sign the minutes with the
    # chair and the secretary.
    witness_1_name = models.CharField("đại diện hộ ký biên bản (1)", max_length=120, blank=True, default="")
    witness_2_name = models.CharField("đại diện hộ ký biên bản (2)", max_length=120, blank=True, default="")
    opens_at = models.DateTimeField("mở biểu quyết", null=True, blank=True)
    closes_at = models.DateTimeField("kết thúc biểu quyết", null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=12, choices=Result.choices, blank=True, default="")
    adopted_option = models.CharField(max_length=40, blank=True, default="")
    counts = models.JSONField(default=dict, blank=True)
    vote_set_sha256 = models.CharField(max_length=64, blank=True, default="")
    # Law Art. 20(3): the decision goes to the commune PC and Front within 05 working days.
    report_due = models.DateField(null=True, blank=True)
    recognition = models.CharField(max_length=12, choices=Recognition.choices, blank=True, default="")
    recognition_due = models.DateField(null=True, blank=True)
    recognition_note = models.TextField(blank=True, default="")
    recognized_at = models.DateTimeField(null=True, blank=True)
    # Law Art. 21; Decree 61/2023 Art. 11: the commune People's Committee recognises (or refuses) by a
    # written decision of its chair — its number and symbol ("12/QĐ-UBND") and date. Blank on results
    # recognised before they were recorded.
    recognition_number = models.CharField("số quyết định", max_length=50, blank=True, default="")
    recognition_date = models.DateField("ngày quyết định", null=True, blank=True)
    # Number and symbol of the minutes (Decree 30 Art. 15): restarts each year per unit.
    minutes_number = models.PositiveIntegerField(null=True, blank=True)
    minutes_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The minutes printed, signed (Art. 20(2): village head, Front committee head, 2 household
    # representatives) and scanned; its SHA-256 goes to the transparency log.
    minutes_scan = models.FileField(upload_to="decisions/minutes/%Y/", blank=True, default="")
    minutes_scan_sha256 = models.CharField(max_length=64, blank=True, default="")
    minutes_scan_content_type = models.CharField(max_length=60, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="matter_kind_valid"),
            models.CheckConstraint(condition=Q(form__in=Form.values), name="matter_form_valid"),
            # Decree 59 Art. 5(1): online voting only for Art. 15(6) matters.
            models.CheckConstraint(
                condition=~Q(form__in=[Form.ONLINE, Form.MEETING_ONLINE]) | Q(kind=Kind.OTHER),
                name="matter_online_only_other_affairs",
            ),
            models.UniqueConstraint(fields=["unit", "minutes_year", "minutes_number"], name="matter_minutes_number_unique"),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="matter_unit_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def channels(self) -> set[str]:
        return FORM_CHANNELS[self.form]

    @property
    def is_commune_wide(self) -> bool:
        return self.unit.level == "commune"

    @property
    def recognizer(self) -> str:
        """Who recognises this kind's result, in Vietnamese (the `label` filter shows it translated)."""
        return RECOGNIZER.get(self.kind, RECOGNIZER[Kind.CONVENTION])

    def option_label(self, key: str) -> str:
        return next((o["label"] for o in self.options if o["key"] == key), key)


class ElectorEntry(models.Model):
    """One eligible household, frozen when voting opens (its representative's name as then)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="electorate")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    hamlet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    household_code = models.CharField(max_length=30)
    representative_name = models.CharField(max_length=120, blank=True, default="")
    # Recorded by the hamlet head at the meeting (Law Art. 20(2): present / not represented).
    present = models.BooleanField(default=False)

    class Meta:
        ordering = ["hamlet_id", "household_code"]
        constraints = [models.UniqueConstraint(fields=["matter", "household"], name="elector_unique")]
        indexes = [models.Index(fields=["matter", "hamlet"], name="elector_matter_hamlet")]


class Vote(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="votes")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    hamlet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    choice = models.CharField(max_length=40)
    # What the household's "other opinion" is (Decree 59/2023 Art. 5(2)(d)): only with that choice.
    opinion = models.CharField("ý kiến khác", max_length=500, blank=True, default="")
    counted = models.BooleanField(default=True)
    # Set on both rows when the household voted on two channels.
    double_channel = models.BooleanField(default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["matter_id", "household_id", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "household", "channel"], name="vote_one_per_channel"),
            # One counted voice per household per matter, held by the database itself.
            models.UniqueConstraint(fields=["matter", "household"], condition=Q(counted=True), name="vote_one_counted_voice"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="vote_channel_valid"),
        ]


class PaperEntry(models.Model):
    """One typing of one paper ballot. Two entries by two different people must agree (or be
    reconciled by the hamlet head against the ballot itself) before the ballot becomes a Vote."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="paper_entries")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()  # 1 or 2
    choice = models.CharField(max_length=40)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "household_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "household", "round"], name="paper_entry_unique_round"),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="paper_entry_round_1_2"),
        ]


class ContributionKind(models.TextChoices):
    DECIDED = "decided", gettext_noop("Mức đóng góp đã quyết định")
    COLLECTED = "collected", gettext_noop("Đã thu")
    SPENT = "spent", gettext_noop("Đã chi")


class Contribution(models.Model):
    """Dân làm: for contributions to public works and community funds (Law Art. 15 items 1–2), what
    was decided, then collected and spent — published, and what the People's Inspection Board checks
    (Art. 33). Entries are never edited: a correction is a new entry with a note."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="contributions")
    kind = models.CharField(max_length=10, choices=ContributionKind.choices)
    amount_vnd = models.BigIntegerField("số tiền (đồng)")
    on = models.DateField("ngày")
    note = models.CharField("ghi chú", max_length=300, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContributionKind.values), name="contribution_kind_valid"),
        ]


class ConventionName(models.TextChoices):
    """Decree 61 Art. 6: the community chooses the name."""

    HUONG_UOC = "huong_uoc", gettext_noop("Hương ước")
    QUY_UOC = "quy_uoc", gettext_noop("Quy ước")


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", gettext_noop("Dự thảo")
    COMMENTING = "commenting", gettext_noop("Đang lấy ý kiến")
    VOTING = "voting", gettext_noop("Đưa ra biểu quyết")
    IN_FORCE = "in_force", gettext_noop("Đang có hiệu lực")
    SUPERSEDED = "superseded", gettext_noop("Đã được thay thế")
    REJECTED = "rejected", gettext_noop("Không được thông qua / không được công nhận")


class Convention(models.Model):
    """A village convention (hương ước, quy ước) of one hamlet — Law Art. 15(3); Decree 61/2023.
    Each text (the first and every amendment, Art. 13) is a `ConventionVersion` that goes draft →
    public comment (≥ 30 days, Art. 9) → community vote (a Matter of kind convention, Art. 10) →
    commune People's Committee recognition (Art. 11) → in force; the history stays public."""

    hamlet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="conventions")
    name_kind = models.CharField(max_length=10, choices=ConventionName.choices, default=ConventionName.HUONG_UOC)
    title = models.CharField("tên", max_length=250)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hamlet_id", "id"]


class ConventionVersion(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("nội dung")
    status = models.CharField(max_length=12, choices=ConventionStatus.choices, default=ConventionStatus.DRAFT)
    posted_on = models.DateField(null=True, blank=True)
    comment_until = models.DateField(null=True, blank=True)
    matter = models.OneToOneField(Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="convention_version")
    in_force_from = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention_id", "number"]
        constraints = [models.UniqueConstraint(fields=["convention", "number"], name="convention_version_unique")]


class ConventionComment(models.Model):
    """Decree 61 Art. 9: comments on the posted draft (the comment box, online)."""

    version = models.ForeignKey(ConventionVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version_id", "created_at", "id"]


class SpeakerRegistration(models.Model):
    """Law 10/2022 Art. 24(2): a member of a household of the electorate who disagrees with the opinion
    of the household's representative registers to attend the hamlet meeting and speak. The chair
    sees the list on the meeting page; the names are not published."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="speakers")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("họ và tên", max_length=120)
    note = models.CharField("nội dung muốn phát biểu", max_length=1000, blank=True, default="")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "household", "name"], name="speaker_unique_per_household"),
        ]
