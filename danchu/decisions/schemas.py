import datetime as dt

from ninja import Field, Schema


class MatterIn(Schema):
    unit: str
    hamlets: list[str] = []
    kind: str
    title: str
    description: str = ""
    options_kind: str = "yes_no"
    options: list[str] = []
    form: str = "meeting"
    secret: bool = False
    channel_rule: str = "in_person_first"
    meeting_at: dt.datetime | None = None
    meeting_place: str = ""
    closes_at: dt.datetime | None = None


class OptionOut(Schema):
    key: str
    label: str


class MatterOut(Schema):
    id: int
    unit: str
    hamlets: list[str]
    kind: str
    title: str
    description: str
    options_kind: str
    options: list[OptionOut]
    form: str
    secret: bool
    channel_rule: str
    status: str
    opened_at: dt.datetime | None
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    result: str
    url: str


class ResultOut(Schema):
    id: int
    status: str
    result: str
    adopted_option: str
    counts: dict
    vote_set_sha256: str
    report_due: dt.date | None
    recognition: str
    recognition_number: str
    recognition_date: dt.date | None
    recognition_note: str
    minutes_number: str | None
    minutes_docx: str
    minutes_pdf: str
    log_entries: str


class RecognitionIn(Schema):
    """Law Art. 21: the commune chair's written decision. To recognise: its number ("12/QĐ-UBND") and
    date; to refuse: the reasons, and the written answer's number and date if any."""

    accept: bool
    decision_number: str = Field("", max_length=50)
    decision_date: dt.date | None = None
    reason: str = Field("", max_length=4000)


class VoteIn(Schema):
    choice: str
    # With "other": what the household's other opinion is (optional).
    opinion: str = Field("", max_length=500)


class VoteOut(Schema):
    matter: int
    channel: str
    choice: str
    opinion: str
    counted: bool


class MyVoteOut(Schema):
    matter: int
    title: str
    status: str
    household: str
    online_choice: str | None
    counted_channel: str | None
    counted_choice: str | None


class MeetingNoticeIn(Schema):
    """Decree 59 Art. 3(3): the day the meeting's notice and documents were sent to the households."""

    sent_on: dt.date


class MeetingSecretaryIn(Schema):
    """Decree 59 Art. 3(4): the secretary the meeting chose and how many attending households agreed."""

    name: str = Field(max_length=120)
    agreed: int


class MeetingWitnessesIn(Schema):
    """Decree 59 Art. 3(5)(c): the two representatives of attending households who sign the minutes."""

    first: str = Field(max_length=120)
    second: str = Field(max_length=120)


class MeetingRescheduleIn(Schema):
    """A later time for a meeting that has not taken place (with its time zone, ISO 8601)."""

    meeting_at: dt.datetime


class MeetingProcedureOut(Schema):
    id: int
    notice_sent_on: dt.date | None
    meeting_at: dt.datetime | None
    secretary_name: str
    secretary_agreed: int | None
    secretary_present: int | None
    witnesses: list[str]
