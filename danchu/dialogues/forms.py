"""Forms of the dialogue and reception pages. They only parse input; the rules are in the services."""

from __future__ import annotations

from django import forms

from .models import LeaderRole, QuestionSource, ReceptionKind, VisitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DialogueForm(forms.Form):
    topic = forms.CharField(label="Chủ đề", max_length=300, required=False)
    leader_role = forms.ChoiceField(label="Người chủ trì", choices=LeaderRole.choices, initial=LeaderRole.COMMUNE_CHAIR)
    leader_name = forms.CharField(label="Họ tên người chủ trì", max_length=120, required=False)
    held_on = forms.DateField(label="Ngày đối thoại", widget=DATE)
    start_time = forms.TimeField(label="Giờ bắt đầu", widget=TIME, required=False)
    place = forms.CharField(label="Địa điểm", max_length=300, required=False)
    audience = forms.CharField(label="Thành phần tham dự", max_length=300, required=False)
    description = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AskForm(forms.Form):
    text = forms.CharField(label="Câu hỏi của bạn", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    asker_name = forms.CharField(label="Họ và tên", max_length=120, required=False)
    asker_phone = forms.CharField(label="Số điện thoại (không công khai)", max_length=20, required=False)
    show_name = forms.BooleanField(label="Cho phép công khai họ tên cùng câu hỏi", required=False)


class PaperQuestionForm(forms.Form):
    text = forms.CharField(label="Nội dung câu hỏi", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    source = forms.ChoiceField(label="Nguồn", choices=[(QuestionSource.PAPER, QuestionSource.PAPER.label),
                                                     (QuestionSource.AT_DIALOGUE, QuestionSource.AT_DIALOGUE.label)])
    source_note = forms.CharField(label="Nơi thu thập (thôn, hòm thư, phiếu…)", max_length=300, required=False)
    asker_name = forms.CharField(label="Họ tên người hỏi (nếu có)", max_length=120, required=False)
    received_on = forms.DateField(label="Ngày nhận", widget=DATE, required=False)


class HeldForm(forms.Form):
    attendees = forms.IntegerField(label="Số người tham dự", min_value=0, required=False)
    summary = forms.CharField(label="Kết luận của người chủ trì", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AnswerForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label="Trả lời", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    answered_by = forms.CharField(label="Người trả lời", max_length=120, required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(label="Nội dung cam kết", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner = forms.CharField(label="Người, cơ quan chịu trách nhiệm", max_length=200, required=False)
    due_on = forms.DateField(label="Hạn hoàn thành", widget=DATE, required=False)
    question = forms.IntegerField(label="Gắn với câu hỏi số", required=False)


class ProgressForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Tiến độ", max_length=1000, required=False)


class CompleteForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    done_on = forms.DateField(label="Ngày hoàn thành", widget=DATE, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="Lý do", max_length=500, required=False)


class ReceptionDayForm(forms.Form):
    leader_role = forms.ChoiceField(label="Người tiếp", choices=LeaderRole.choices, initial=LeaderRole.COMMUNE_CHAIR)
    leader_name = forms.CharField(label="Họ tên người tiếp", max_length=120, required=False)
    day = forms.DateField(label="Ngày tiếp", widget=DATE)
    place = forms.CharField(label="Địa điểm", max_length=300, required=False)
    kind = forms.ChoiceField(label="Loại", choices=ReceptionKind.choices, initial=ReceptionKind.REGULAR)
    online = forms.BooleanField(label="Tiếp trực tuyến", required=False)
    reason = forms.CharField(label="Lý do tiếp đột xuất", max_length=500, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Kết quả", choices=[("held", "Người đứng đầu đã trực tiếp tiếp"),
                                                        ("deputy", "Cấp phó tiếp thay"), ("cancelled", "Hủy")])
    note = forms.CharField(label="Ghi chú, lý do", max_length=500, required=False)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label="Loại nội dung", choices=VisitKind.choices, initial=VisitKind.GUIDANCE)
    visitor_name = forms.CharField(label="Họ tên người được tiếp", max_length=120, required=False)
    visitor_address = forms.CharField(label="Địa chỉ (bắt buộc với khiếu nại, tố cáo)", max_length=300, required=False)
    visitor_phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    visitor_id_number = forms.CharField(label="Số định danh cá nhân / CCCD", max_length=12, required=False)
    group_size = forms.IntegerField(label="Số người", min_value=1, initial=1, required=False)
    summary = forms.CharField(label="Nội dung trình bày", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    guidance = forms.CharField(label="Hướng dẫn, trả lời tại buổi tiếp", widget=forms.Textarea(attrs={"rows": 2}),
                               required=False)
    case_title = forms.CharField(label="Tiêu đề hồ sơ", max_length=200, required=False)
    decision_complained = forms.CharField(label="Khiếu nại: quyết định, hành vi bị khiếu nại", max_length=500, required=False)
    accused = forms.CharField(label="Tố cáo: người, cơ quan bị tố cáo", max_length=300, required=False)
    violation = forms.CharField(label="Tố cáo: hành vi vi phạm", max_length=500, required=False)
