"""Forms of the oversight pages. They only parse input; every rule is in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices, label

from .models import (
    AddresseeKind,
    AnswerPosition,
    CriticismForm,
    FrontBody,
    FundingSource,
    InvestmentKind,
    Outcome,
    PlanPeriod,
    Position,
    Seat,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, required=required)


class BoardForm(forms.Form):
    term_start = _date(_("Nhiệm kỳ từ ngày"))
    term_end = _date(_("Đến ngày (để trống: theo nhiệm kỳ luật định)"), required=False)
    established_on = _date(_("Ngày công nhận kết quả bầu"))
    decision_ref = forms.CharField(label=_("Số quyết định công nhận"), max_length=100, required=False)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    seat = forms.ChoiceField(label=_("Đại diện"), choices=choices(Seat.choices), initial=Seat.HAMLET)
    hamlet = forms.ChoiceField(label=_("Thôn, tổ dân phố bầu / nơi cư trú"), choices=(), required=False)
    position = forms.ChoiceField(label=_("Chức danh"), choices=choices(Position.choices), initial=Position.MEMBER)
    elected_on = _date(_("Ngày bầu"))
    no_conflict_declared = forms.BooleanField(
        label=_("Ban giám sát đầu tư: đã cam kết không có người thân là người quyết định đầu tư, chủ đầu tư, nhà thầu… "
              "(Điều 42)"), required=False)

    def __init__(self, *args, hamlets=(), **kw):
        super().__init__(*args, **kw)
        self.fields["hamlet"].choices = [("", "—")] + [(h.pk, h.name) for h in hamlets]


class MemberEndForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = _date(_("Thôi làm thành viên từ ngày"))
    reason = forms.CharField(label=_("Lý do (xin thôi, bãi nhiệm, chuyển nơi ở…)"), max_length=300, required=False)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Kỳ"), choices=choices(PlanPeriod.choices), initial=PlanPeriod.YEAR)
    content = forms.CharField(label=_("Nội dung kế hoạch"), widget=TEXT, required=False)
    adopted_on = _date(_("Ngày thông qua"))


class TeamMixin(forms.Form):
    team = forms.MultipleChoiceField(label=_("Thành viên tham gia"), choices=(), required=False,
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=(), **kw):
        super().__init__(*args, **kw)
        self.fields["team"].choices = [(m.pk, f"{m.full_name} ({label(m.get_position_display())})") for m in members]


class InspectionForm(TeamMixin):
    subject = forms.CharField(label=_("Nội dung kiểm tra, giám sát"), max_length=300, required=False)
    inspected_body = forms.CharField(label=_("Cơ quan, người được kiểm tra"), max_length=250, required=False)
    period_from = _date(_("Thời kỳ được kiểm tra từ"))
    period_to = _date(_("đến"))
    starts_on = _date(_("Ngày bắt đầu"))
    ends_on = _date(_("Ngày kết thúc"))
    notified_on = _date(_("Ngày gửi kế hoạch cho MTTQ, Chủ tịch UBND xã và đối tượng"), required=False)


class VisitForm(TeamMixin):
    subject = forms.CharField(label=_("Nội dung giám sát"), max_length=300, required=False)
    supervised_body = forms.CharField(label=_("Đối tượng giám sát (để trống: chủ đầu tư)"), max_length=250, required=False)
    starts_on = _date(_("Ngày bắt đầu"))
    ends_on = _date(_("Ngày kết thúc"))


class FindingsForm(forms.Form):
    findings = forms.CharField(label=_("Kết quả, phát hiện"), widget=TEXT, required=False)
    held_on = _date(_("Ngày hoàn thành"))


class SupervisionFindingsForm(FindingsForm):
    quality = forms.CharField(label=_("Chất lượng công trình"), widget=TEXT, required=False)
    progress = forms.CharField(label=_("Tiến độ"), widget=TEXT, required=False)
    spending = forms.CharField(label=_("Thu, chi, quyết toán"), widget=TEXT, required=False)
    environment = forms.CharField(label=_("Môi trường, giải phóng mặt bằng"), widget=TEXT, required=False)
    report_on = _date(_("Ngày báo cáo kết quả"), required=False)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Tên công trình, dự án"), max_length=250, required=False)
    kind = forms.ChoiceField(label=_("Loại dự án"), choices=choices(InvestmentKind.choices))
    investor = forms.CharField(label=_("Chủ đầu tư"), max_length=250, required=False)
    contractor = forms.CharField(label=_("Nhà thầu thi công"), max_length=250, required=False)
    budget_vnd = forms.IntegerField(label=_("Tổng mức đầu tư (đồng)"), min_value=0)
    location = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    starts_on = _date(_("Khởi công"))
    ends_on = _date(_("Hoàn thành (dự kiến)"))
    hamlets = forms.MultipleChoiceField(label=_("Thôn nơi có dự án"), choices=(), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    source_1 = forms.ChoiceField(label=_("Nguồn vốn 1"), choices=choices(FundingSource.choices), initial=FundingSource.STATE)
    amount_1 = forms.IntegerField(label=_("Số tiền 1 (đồng)"), min_value=1, required=False)
    source_2 = forms.ChoiceField(label=_("Nguồn vốn 2"), choices=choices(FundingSource.choices), initial=FundingSource.PEOPLE)
    amount_2 = forms.IntegerField(label=_("Số tiền 2 (đồng)"), min_value=1, required=False)
    source_3 = forms.ChoiceField(label=_("Nguồn vốn 3"), choices=choices(FundingSource.choices), initial=FundingSource.COMMUNE)
    amount_3 = forms.IntegerField(label=_("Số tiền 3 (đồng)"), min_value=1, required=False)
    description = forms.CharField(label=_("Quy mô, nội dung"), widget=TEXT, required=False)

    def __init__(self, *args, hamlets=(), **kw):
        super().__init__(*args, **kw)
        self.fields["hamlets"].choices = [(h.pk, h.name) for h in hamlets]

    def funding(self) -> list[tuple[str, int, str]]:
        d = self.cleaned_data
        return [(d[f"source_{i}"], d[f"amount_{i}"], "") for i in (1, 2, 3) if d.get(f"amount_{i}")]


class FrontSupervisionForm(forms.Form):
    conducted_by = forms.ChoiceField(label=_("Chủ trì giám sát"), choices=choices(FrontBody.choices))
    subject = forms.CharField(label=_("Nội dung giám sát"), max_length=300, required=False)
    supervised_body = forms.CharField(label=_("Cơ quan, tổ chức, cá nhân được giám sát"), max_length=250, required=False)
    plan = forms.CharField(label=_("Kế hoạch giám sát"), widget=TEXT, required=False)
    plan_sent_on = _date(_("Ngày gửi kế hoạch cho đối tượng"), required=False)
    team_text = forms.CharField(label=_("Thành phần đoàn giám sát"), widget=TEXT, required=False)
    starts_on = _date(_("Ngày bắt đầu"))
    ends_on = _date(_("Ngày kết thúc"))


class CriticismCreateForm(forms.Form):
    conducted_by = forms.ChoiceField(label=_("Chủ trì phản biện"), choices=choices(FrontBody.choices))
    form = forms.ChoiceField(label=_("Hình thức"), choices=choices(CriticismForm.choices))
    draft_title = forms.CharField(label=_("Dự thảo được phản biện"), max_length=300, required=False)
    drafting_body = forms.CharField(label=_("Cơ quan soạn thảo"), max_length=250, required=False)
    draft_received_on = _date(_("Ngày nhận dự thảo"))
    held_on = _date(_("Ngày tổ chức"))
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    participants = forms.CharField(label=_("Thành phần tham dự"), widget=TEXT, required=False)


class OpinionForm(forms.Form):
    speaker = forms.CharField(label=_("Người, tổ chức phát biểu"), max_length=200, required=False)
    text = forms.CharField(label=_("Ý kiến"), widget=TEXT, required=False)


class CriticismDocumentForm(forms.Form):
    document = forms.CharField(label=_("Nội dung văn bản phản biện xã hội"), widget=TEXT, required=False)
    sent_on = _date(_("Ngày gửi cơ quan soạn thảo"))


class CriticismAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Văn bản trả lời của cơ quan soạn thảo"), widget=TEXT, required=False)
    position = forms.ChoiceField(label=_("Tiếp thu"), choices=choices(AnswerPosition.choices))
    explanation = forms.CharField(label=_("Giải trình phần không tiếp thu"), widget=TEXT, required=False)
    answered_on = _date(_("Ngày trả lời"))


class RecommendationForm(forms.Form):
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=TEXT, required=False)
    addressee_kind = forms.ChoiceField(label=_("Loại cơ quan nhận"), choices=choices(AddresseeKind.choices))
    addressee = forms.CharField(label=_("Cơ quan, người nhận kiến nghị"), max_length=250, required=False)
    sent_on = _date(_("Ngày gửi"))
    due_on = _date(_("Hạn trả lời"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=TEXT, required=False)
    position = forms.ChoiceField(label=_("Tiếp thu"), choices=choices(AnswerPosition.choices))
    answered_on = _date(_("Ngày trả lời"))


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Nội dung theo dõi, đôn đốc"), widget=TEXT, required=False)
    on = _date(_("Ngày"))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=choices(Outcome.choices))
    note = forms.CharField(label=_("Lý do, ghi chú (bắt buộc khi không được tiếp thu)"), widget=TEXT, required=False)
    closed_on = _date(_("Ngày kết thúc theo dõi"))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên văn bản (kế hoạch, biên bản, kết luận…)"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, ảnh)"))
