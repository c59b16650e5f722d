"""API shapes of disclosures (same names as the models and the glossary)."""

import datetime as dt

from ninja import Field, Schema


class CategoryOut(Schema):
    code: str
    scope: str
    name: str
    name_en: str
    article: int
    clause: int | None
    legal_basis: str
    allowed_channels: list[str]
    required_channels: list[str]
    required_any_channels: list[str]
    recommended_channels: list[str]
    min_posting_days: int | None = Field(description="Số ngày niêm yết liên tục tối thiểu (Điều 13(2), 48, 66)")
    permanent: bool = Field(description="Niêm yết thường xuyên (Điều 11 khoản 4, 13)")
    loudspeaker_days: int | None
    deadline_value: int | None
    deadline_unit: str
    deadline_basis: str
    periodicity: str
    has_person_list: bool


class PersonIn(Schema):
    full_name: str
    hamlet: str = ""
    benefit: str = ""
    amount: int | None = Field(None, ge=0, description="đồng")


class ContentIn(Schema):
    title: str
    body: str = ""
    channels: list[str] = []
    decision_ref: str = ""
    decision_date: dt.date | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    people: list[PersonIn] | None = None


class DraftPatchIn(Schema):
    """Fields to change in a draft; those left out keep their value."""

    title: str | None = None
    body: str | None = None
    channels: list[str] | None = None
    decision_ref: str | None = None
    decision_date: dt.date | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    people: list[PersonIn] | None = None
    remove_attachments: list[int] = Field([], description="ids of the draft's attachments to remove")


class DisclosureIn(ContentIn):
    unit: str = Field(description="mã đơn vị (xã)")
    category: str = Field(description="mã danh mục, xem /disclosure-categories")
    organization_id: int | None = None


class CorrectIn(ContentIn):
    note: str = Field(description="lý do đính chính")
    keep_attachments: list[int] | None = Field(None, description="id các tệp giữ lại; bỏ trống = giữ tất cả")


class WithdrawIn(Schema):
    reason: str


class QuestionIn(Schema):
    text: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    url: str


class PersonOut(Schema):
    full_name: str
    hamlet: str
    benefit: str
    amount: int | None


class VersionOut(Schema):
    number: int
    title: str
    body: str
    channels: list[str]
    decision_ref: str
    decision_date: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    correction_note: str
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None
    attachments: list[AttachmentOut]
    people: list[PersonOut]


class DisclosureOut(Schema):
    id: int
    unit: str
    organization_id: int | None
    category: str
    status: str
    title: str
    current_version: int
    decision_date: dt.date | None
    published_at: dt.datetime | None
    published_on: dt.date | None
    due_on: dt.date | None
    on_time: bool | None
    posted_until: dt.date | None = Field(description="niêm yết ít nhất đến hết ngày này; null nếu thường xuyên")
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    url: str

    # Lists are answered straight from the queryset (model rows); detail answers pass dicts.
    @staticmethod
    def resolve_unit(obj):
        return obj["unit"] if isinstance(obj, dict) else obj.unit.code

    @staticmethod
    def resolve_category(obj):
        return obj["category"] if isinstance(obj, dict) else obj.category.code

    @staticmethod
    def resolve_url(obj):
        if isinstance(obj, dict):
            return obj["url"]
        from django.urls import reverse

        return reverse("disclosures:detail", args=[obj.unit.code, obj.pk])


class DisclosureDetailOut(DisclosureOut):
    versions: list[VersionOut]
    log_entries: str


class ActionOut(Schema):
    disclosure: DisclosureDetailOut
    warnings: list[str]


class QuestionOut(Schema):
    id: int
    disclosure_id: int
    text: str
    status: str
    case_code: str = ""  # the feedback case it became: follow it at /tra-cuu/ or /api/v1/cases/track/{code}/{code}
    asked_at: dt.datetime
