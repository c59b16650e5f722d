"""API schemas of oversight. Dates are ISO dates; amounts in đồng (integers)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class MemberIn(Schema):
    full_name: str
    seat: str = Field(description="hamlet | staff | front | inspection_board | resident")
    elected_on: dt.date
    position: str = "member"
    hamlet: str | None = Field(None, description="Mã thôn, tổ dân phố")
    no_conflict_declared: bool = False


class MemberEndIn(Schema):
    ended_on: dt.date
    reason: str


class MemberOut(Schema):
    id: int
    full_name: str
    seat: str
    hamlet: str | None
    position: str
    elected_on: dt.date
    term_from: dt.date
    term_to: dt.date
    by_election: bool
    ended_on: dt.date | None
    end_reason: str


class BoardIn(Schema):
    unit: str
    kind: str = Field("inspection", description="inspection | investment")
    organization_id: int | None = None
    project_id: int | None = None
    term_start: dt.date
    term_end: dt.date | None = None
    established_on: dt.date
    decision_ref: str = ""


class BoardOut(Schema):
    id: int
    kind: str
    unit: str
    organization_id: int | None
    project_id: int | None
    term_start: dt.date
    term_end: dt.date
    established_on: dt.date
    decision_ref: str
    members: list[MemberOut]
    composition_problems: list[str]


class PlanIn(Schema):
    year: int
    period: str = "year"
    content: str
    adopted_on: dt.date


class PlanOut(Schema):
    id: int
    board_id: int
    year: int
    period: str
    content: str
    adopted_on: dt.date


class InspectionIn(Schema):
    board_id: int
    subject: str
    inspected_body: str
    period_from: dt.date
    period_to: dt.date
    starts_on: dt.date
    ends_on: dt.date
    team: list[int] = Field(description="Mã số (id) thành viên Ban tham gia")
    notified_on: dt.date | None = None
    plan_id: int | None = None


class FindingsIn(Schema):
    findings: str = ""
    held_on: dt.date
    quality: str = ""
    progress: str = ""
    spending: str = ""
    environment: str = ""
    report_on: dt.date | None = None


class RecommendationOut(Schema):
    id: int
    source_kind: str
    inspection_id: int | None
    supervision_id: int | None
    unit: str
    content: str
    addressee_kind: str
    addressee: str
    sent_on: dt.date
    due_on: dt.date
    state: str
    overdue: bool
    overdue_on: dt.date | None
    answer: str
    answer_position: str
    answered_on: dt.date | None
    outcome: str
    outcome_note: str
    closed_on: dt.date | None


class InspectionOut(Schema):
    id: int
    board_id: int
    unit: str
    subject: str
    inspected_body: str
    period_from: dt.date
    period_to: dt.date
    starts_on: dt.date
    ends_on: dt.date
    notified_on: dt.date | None
    team: list[int]
    findings: str
    held_on: dt.date | None
    warnings: list[str]
    recommendations: list[RecommendationOut]


class FundingIn(Schema):
    source: str = Field(description="state | commune | people | donor | private | other")
    amount_vnd: int
    note: str = ""


class ProjectIn(Schema):
    unit: str
    name: str
    kind: str = "public"
    investor: str
    contractor: str = ""
    budget_vnd: int
    location: str
    starts_on: dt.date
    ends_on: dt.date
    description: str = ""
    hamlets: list[str] = Field(default_factory=list, description="Mã các thôn nơi có dự án")
    funding: list[FundingIn] = Field(default_factory=list)


class ContributionOut(Schema):
    matter_id: int
    title: str
    unit_code: str
    decided_vnd: int
    collected_vnd: int
    spent_vnd: int
    url: str


class ProjectOut(Schema):
    id: int
    unit: str
    name: str
    kind: str
    investor: str
    contractor: str
    budget_vnd: int
    location: str
    starts_on: dt.date
    ends_on: dt.date
    hamlets: list[str]
    funding: list[FundingIn]
    board_id: int | None
    contributions: list[ContributionOut] | None = None


class SupervisionIn(Schema):
    kind: str = Field(description="investment | front")
    unit: str | None = Field(None, description="front: mã đơn vị")
    board_id: int | None = Field(None, description="investment: Ban giám sát đầu tư của công trình")
    conducted_by: str = ""
    subject: str
    supervised_body: str = ""
    plan: str = ""
    plan_sent_on: dt.date | None = None
    team_text: str = ""
    team: list[int] = Field(default_factory=list)
    starts_on: dt.date
    ends_on: dt.date


class SupervisionOut(Schema):
    id: int
    kind: str
    unit: str
    board_id: int | None
    project_id: int | None
    conducted_by: str
    subject: str
    supervised_body: str
    plan: str
    plan_sent_on: dt.date | None
    team_text: str
    starts_on: dt.date
    ends_on: dt.date
    findings: str
    finding_quality: str
    finding_progress: str
    finding_spending: str
    finding_environment: str
    report_on: dt.date | None
    held_on: dt.date | None
    warnings: list[str]
    recommendations: list[RecommendationOut]


class CriticismIn(Schema):
    unit: str
    conducted_by: str = "front"
    form: str = "conference"
    draft_title: str
    drafting_body: str
    draft_received_on: dt.date
    held_on: dt.date
    place: str = ""
    participants: str


class CriticismOpinionIn(Schema):
    speaker: str
    text: str


class CriticismOpinionOut(Schema):
    id: int
    speaker: str
    text: str


class CriticismDocumentIn(Schema):
    document: str
    sent_on: dt.date


class CriticismAnswerIn(Schema):
    answer: str
    position: str = Field(description="accepted | partly | not_accepted")
    explanation: str = ""
    answered_on: dt.date


class CriticismOut(Schema):
    id: int
    unit: str
    conducted_by: str
    form: str
    draft_title: str
    drafting_body: str
    draft_received_on: dt.date
    held_on: dt.date
    place: str
    participants: str
    opinions: list[CriticismOpinionOut]
    document: str
    document_sent_on: dt.date | None
    answer: str
    answer_position: str
    answer_explanation: str
    answered_on: dt.date | None


class RecommendationIn(Schema):
    source: str = Field(description="inspection | supervision")
    source_id: int
    content: str
    addressee_kind: str = Field(description="commune_pc | org_head | investor | other")
    addressee: str = ""
    sent_on: dt.date | None = None
    due_on: dt.date | None = None


class RecommendationAnswerIn(Schema):
    answer: str
    position: str = Field(description="accepted | partly | not_accepted")
    answered_on: dt.date | None = None


class FollowUpIn(Schema):
    note: str
    on: dt.date | None = None


class CloseIn(Schema):
    outcome: str = Field(description="done | partly_done | not_accepted")
    note: str = ""
    closed_on: dt.date | None = None


class RecommendationEventOut(Schema):
    on: dt.date
    action: str
    note: str


class RecommendationDetailOut(RecommendationOut):
    events: list[RecommendationEventOut]


class DocumentOut(Schema):
    id: int
    title: str
    name: str
    kind: str
    size: int
    sha256: str
