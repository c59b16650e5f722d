from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices

from .models import ChannelRule, ContributionKind, Form, Kind, OptionsKind


class MatterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Nội dung (Điều 15)"), choices=choices(Kind.choices))
    title = forms.CharField(label=_("Tiêu đề"), max_length=250)
    description = forms.CharField(label=_("Nội dung chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    options_kind = forms.ChoiceField(label=_("Kiểu phương án"), choices=choices(OptionsKind.choices))
    option_labels = forms.CharField(label=_("Các phương án (mỗi dòng một phương án; bỏ trống nếu Đồng ý/Không đồng ý)"),
                                    required=False, widget=forms.Textarea(attrs={"rows": 3}))
    form = forms.ChoiceField(label=_("Hình thức (Điều 17)"), choices=choices(Form.choices))
    secret = forms.BooleanField(label=_("Bỏ phiếu kín"), required=False)
    channel_rule = forms.ChoiceField(label=_("Hộ biểu quyết trên hai hình thức thì tính"), choices=choices(ChannelRule.choices))
    meeting_at = forms.DateTimeField(label=_("Thời gian họp"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    meeting_place = forms.CharField(label=_("Địa điểm"), required=False, max_length=200)
    hamlets = forms.MultipleChoiceField(label=_("Các thôn, tổ dân phố (việc chung của xã)"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kinds=None, hamlet_choices=None, **kw):
        super().__init__(*args, **kw)
        if kinds is not None:
            # Only the kinds this unit's level may put to its households (models.kinds_for_level, the
            # rule matter_create applies): a commune is not offered a hamlet's matters.
            self.fields["kind"].choices = choices([(v, t) for v, t in Kind.choices if v in kinds])
        if hamlet_choices:
            self.fields["hamlets"].choices = hamlet_choices
        else:
            del self.fields["hamlets"]


class AgreementForm(forms.Form):
    agreed = forms.IntegerField(label=_("Số hộ đồng ý biểu quyết trực tuyến"), min_value=0)


class PaperForm(forms.Form):
    household = forms.CharField(label=_("Mã hộ"), max_length=30)
    choice = forms.CharField(label=_("Phương án"), max_length=40)


class RecognizeForm(forms.Form):
    """Law Art. 21; Decree 61 Art. 11: the commune chair's written decision recognising the result."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50,
                                      help_text=_("Ví dụ: 12/QĐ-UBND"))
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=forms.DateInput(attrs={"type": "date"}))


class RefuseForm(forms.Form):
    """A refusal in writing, with reasons (Law Art. 21); the written answer's number and date if any."""

    reason = forms.CharField(label=_("Lý do từ chối"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label=_("Số văn bản (nếu có)"), max_length=50, required=False)
    decision_date = forms.DateField(label=_("Ngày văn bản (nếu có)"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=choices(ContributionKind.choices))
    amount_vnd = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=0, max_value=10**15)
    on = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)


class NoticeForm(forms.Form):
    """Decree 59 Art. 3(3): the day the meeting's notice and documents were sent to the households."""

    sent_on = forms.DateField(label=_("Ngày gửi thông báo họp và tài liệu đến các hộ"),
                              widget=forms.DateInput(attrs={"type": "date"}))


class RescheduleForm(forms.Form):
    """A later time for a meeting that has not taken place (e.g. its notice went out too late)."""

    meeting_at = forms.DateTimeField(label=_("Thời gian họp mới"),
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class SecretaryForm(forms.Form):
    """Decree 59 Art. 3(4): the secretary the meeting chose, and how many attending households agreed."""

    name = forms.CharField(label=_("Họ tên thư ký cuộc họp"), max_length=120)
    agreed = forms.IntegerField(label=_("Số hộ có mặt đồng ý chọn thư ký"), min_value=0)


class WitnessesForm(forms.Form):
    """Decree 59 Art. 3(5)(c): the two representatives of attending households who sign the minutes."""

    first = forms.CharField(label=_("Đại diện hộ gia đình ký biên bản thứ nhất"), max_length=120)
    second = forms.CharField(label=_("Đại diện hộ gia đình ký biên bản thứ hai"), max_length=120)
