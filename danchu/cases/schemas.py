"""API schemas of cases. No output schema has a field for an identity: only the identity endpoint
(POST /cases/{id}/identity, for whom the service allows) returns one."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class CaseIn(Schema):
    unit: str = Field(description="Mã xã, phường nhận hồ sơ")
    kind: str = Field(description="feedback | recommendation | complaint | denunciation")
    title: str
    body: str
    category: str = "other"
    decision_complained: str = ""
    second_time: bool = False
    first_decision_on: dt.date | None = Field(None, description="Khiếu nại lần hai: ngày nhận quyết định lần đầu (Điều 33)")
    accused: str = ""
    violation: str = ""
    event_date: dt.date | None = None
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    is_public: bool = False
    full_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    idempotency_key: str | None = Field(None, description="Hoặc header Idempotency-Key: gửi lại không tạo hồ sơ mới")


class EventOut(Schema):
    at: dt.datetime
    action: str
    note: str


class DeadlineOut(Schema):
    step: str
    label: str
    days: int
    working: bool
    article: str
    due: str


class DecisionEffectOut(Schema):
    """Law on Complaints Art. 44: the decision has legal effect from `effective_on`."""

    issued_on: dt.date
    days: int
    period_ends: dt.date
    effective_on: dt.date
    second_time: bool
    remote_area: bool
    article: str


class TrackOut(Schema):
    tracking_code: str
    kind: str
    status: str
    title: str
    unit: str
    received_on: dt.date
    transferred_to: str
    transfer_reason: str
    refusal_ground: str
    answer: str
    decision_ref: str
    next_due: dt.date | None
    deadlines: list[DeadlineOut]
    decision_effect: DecisionEffectOut | None = None
    events: list[EventOut]


class CaseOut(Schema):
    id: int
    tracking_code: str
    kind: str
    category: str
    channel: str
    status: str
    title: str
    unit: str
    received_on: dt.date
    accepted_on: dt.date | None
    resolved_on: dt.date | None
    next_due: dt.date | None
    overdue: bool
    anonymous_denunciation: bool


class CaseDetailOut(CaseOut):
    body: str
    decision_complained: str
    accused: str
    violation: str
    assigned_to: int | None
    answer: str
    deadlines: list[DeadlineOut]
    suspended_on: dt.date | None = None
    suspended_days: int = 0
    filed_late: bool = False
    transferred_to: str = ""
    decision_effect: DecisionEffectOut | None = None


class AcceptIn(Schema):
    complex_case: bool = False
    especially_complex: bool = False
    remote_area: bool = False
    multi_site: bool = False


class TransferIn(Schema):
    target: str
    reason: str


class ExternalTransferIn(Schema):
    body: str = Field(description="Tên cơ quan có thẩm quyền ngoài hệ thống")
    reason: str


class SuspendIn(Schema):
    reason: str


class ResumeIn(Schema):
    note: str = ""


class RefuseIn(Schema):
    ground: str


class ResolveIn(Schema):
    answer: str
    decision_ref: str = ""


class IdentityAccountOut(Schema):
    username: str = ""
    full_name: str = ""
    phone: str = ""
    email: str = ""


class IdentityOut(Schema):
    full_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    account: IdentityAccountOut | None = Field(None, description="Tài khoản đã dùng để gửi tố cáo (nếu có)")


class IndicatorOut(Schema):
    kind: str
    label: str
    received: int
    accepted: int
    resolved: int
    resolved_on_time: int
    overdue: int
