"""API schemas of dialogues and citizen reception. Public outputs never carry an asker's phone,
nor a visitor; the asker's name only with consent."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class DialogueIn(Schema):
    unit: str = Field(description="Mã tỉnh, xã (bỏ qua khi có organization)")
    organization: int | None = Field(None, description="Cơ quan, đơn vị, doanh nghiệp (đối thoại tại nơi làm việc)")
    leader_role: str
    leader_name: str
    topic: str
    held_on: dt.date
    start_time: dt.time | None = None
    place: str
    audience: str
    description: str = ""


class DialogueQuestionOut(Schema):
    id: int
    text: str
    source: str
    asker: str
    received_on: dt.date
    answer: str
    answered_by: str
    answered_on: dt.date | None


class CommitmentOut(Schema):
    id: int
    dialogue: int
    question: int | None
    text: str
    owner: str
    made_on: dt.date
    due_on: dt.date
    status: str
    progress: str
    result: str
    done_on: dt.date | None
    overdue: bool
    kept_on_time: bool | None


class DialogueOut(Schema):
    id: int
    unit: str
    organization: int | None
    leader_role: str
    leader_name: str
    topic: str
    description: str
    held_on: dt.date
    start_time: dt.time | None
    place: str
    audience: str
    status: str
    attendees: int | None
    summary: str
    url: str


class DialogueDetailOut(DialogueOut):
    questions: list[DialogueQuestionOut]
    commitments: list[CommitmentOut]


class AskIn(Schema):
    text: str
    show_name: bool = False


class PaperQuestionIn(Schema):
    text: str
    source: str = Field("paper", description="paper | at_dialogue")
    source_note: str = ""
    asker_name: str = ""
    received_on: dt.date | None = None


class HeldIn(Schema):
    attendees: int
    summary: str = ""


class DialogueAnswerIn(Schema):
    answer: str
    answered_by: str = ""
    answered_on: dt.date | None = None


class CommitmentIn(Schema):
    text: str
    owner: str
    due_on: dt.date | None = None
    question: int | None = None


class ProgressIn(Schema):
    note: str


class CompleteIn(Schema):
    result: str
    done_on: dt.date | None = None


class CancelIn(Schema):
    reason: str


class ReceptionDayIn(Schema):
    unit: str
    leader_role: str
    leader_name: str
    day: dt.date
    place: str
    kind: str = "regular"
    online: bool = False
    reason: str = ""


class ReceptionDayOut(Schema):
    id: int
    unit: str
    leader_role: str
    leader_name: str
    day: dt.date
    place: str
    kind: str
    online: bool
    status: str
    note: str


class OutcomeIn(Schema):
    outcome: str = Field(description="held | deputy | cancelled")
    note: str = ""


class ShortfallOut(Schema):
    leader_role: str
    start: dt.date
    end: dt.date
    required: int
    scheduled: int
    missing: int
    article: str
    message: str


class MonthOut(Schema):
    unit: str
    year: int
    month: int
    required: int
    days: list[ReceptionDayOut]
    warnings: list[ShortfallOut]


class VisitIn(Schema):
    kind: str = Field(description="guidance | feedback | recommendation | complaint | denunciation")
    summary: str
    visitor_name: str = ""
    visitor_address: str = ""
    visitor_phone: str = ""
    visitor_id_number: str = ""
    group_size: int = 1
    guidance: str = ""
    case_title: str = ""
    decision_complained: str = ""
    accused: str = ""
    violation: str = ""


class VisitOut(Schema):
    id: int
    reception_day: int
    kind: str
    visitor_name: str
    group_size: int
    summary: str
    guidance: str
    case_code: str
