"""Forms of the dialogue and reception pages. They only parse input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices

from .models import LeaderRole, QuestionSource, ReceptionKind, VisitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DialogueForm(forms.Form):
    topic = forms.CharField(label=_("Chủ đề"), max_length=300, required=False)
    leader_role = forms.ChoiceField(label=_("Người chủ trì"), choices=choices(LeaderRole.choices), initial=LeaderRole.COMMUNE_CHAIR)
    leader_name = forms.CharField(label=_("Họ tên người chủ trì"), max_length=120, required=False)
    held_on = forms.DateField(label=_("Ngày đối thoại"), widget=DATE)
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), widget=TIME, required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    audience = forms.CharField(label=_("Thành phần tham dự"), max_length=300, required=False)
    description = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AskForm(forms.Form):
    text = forms.CharField(label=_("Câu hỏi của bạn"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    asker_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    asker_phone = forms.CharField(label=_("Số điện thoại (không công khai)"), max_length=20, required=False)
    show_name = forms.BooleanField(label=_("Cho phép công khai họ tên cùng câu hỏi"), required=False)


class PaperQuestionForm(forms.Form):
    text = forms.CharField(label=_("Nội dung câu hỏi"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    source = forms.ChoiceField(label=_("Nguồn"), choices=choices([(QuestionSource.PAPER, QuestionSource.PAPER.label),
                                                     (QuestionSource.AT_DIALOGUE, QuestionSource.AT_DIALOGUE.label)]))
    source_note = forms.CharField(label=_("Nơi thu thập (thôn, hòm thư, phiếu…)"), max_length=300, required=False)
    asker_name = forms.CharField(label=_("Họ tên người hỏi (nếu có)"), max_length=120, required=False)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE, required=False)


class HeldForm(forms.Form):
    attendees = forms.IntegerField(label=_("Số người tham dự"), min_value=0, required=False)
    summary = forms.CharField(label=_("Kết luận của người chủ trì"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AnswerForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    answered_by = forms.CharField(label=_("Người trả lời"), max_length=120, required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("Nội dung cam kết"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner = forms.CharField(label=_("Người, cơ quan chịu trách nhiệm"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE, required=False)
    question = forms.IntegerField(label=_("Gắn với câu hỏi số"), required=False)


class ProgressForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Tiến độ"), max_length=1000, required=False)


class CompleteForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    done_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class ReceptionDayForm(forms.Form):
    leader_role = forms.ChoiceField(label=_("Người tiếp"), choices=choices(LeaderRole.choices), initial=LeaderRole.COMMUNE_CHAIR)
    leader_name = forms.CharField(label=_("Họ tên người tiếp"), max_length=120, required=False)
    day = forms.DateField(label=_("Ngày tiếp"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=choices(ReceptionKind.choices), initial=ReceptionKind.REGULAR)
    online = forms.BooleanField(label=_("Tiếp trực tuyến"), required=False)
    reason = forms.CharField(label=_("Lý do tiếp đột xuất"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=[("held", _("Người đứng đầu đã trực tiếp tiếp")),
                                                           ("deputy", _("Cấp phó tiếp thay")), ("cancelled", _("Hủy"))])
    note = forms.CharField(label=_("Ghi chú, lý do"), max_length=500, required=False)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại nội dung"), choices=choices(VisitKind.choices), initial=VisitKind.GUIDANCE)
    visitor_name = forms.CharField(label=_("Họ tên người được tiếp"), max_length=120, required=False)
    visitor_address = forms.CharField(label=_("Địa chỉ (bắt buộc với khiếu nại, tố cáo)"), max_length=300, required=False)
    visitor_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    visitor_id_number = forms.CharField(label=_("Số định danh cá nhân / CCCD"), max_length=12, required=False)
    group_size = forms.IntegerField(label=_("Số người"), min_value=1, initial=1, required=False)
    summary = forms.CharField(label=_("Nội dung trình bày"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    guidance = forms.CharField(label=_("Hướng dẫn, trả lời tại buổi tiếp"), widget=forms.Textarea(attrs={"rows": 2}),
                               required=False)
    case_title = forms.CharField(label=_("Tiêu đề hồ sơ"), max_length=200, required=False)
    decision_complained = forms.CharField(label=_("Khiếu nại: quyết định, hành vi bị khiếu nại"), max_length=500, required=False)
    accused = forms.CharField(label=_("Tố cáo: người, cơ quan bị tố cáo"), max_length=300, required=False)
    violation = forms.CharField(label=_("Tố cáo: hành vi vi phạm"), max_length=500, required=False)
