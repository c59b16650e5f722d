from django import forms
from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices

from .models import UNIT_KINDS, Form, Kind, Source


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Nội dung lấy ý kiến (Điều 25)"), choices=choices([(k, v) for k, v in Kind.choices]))
    title = forms.CharField(label=_("Tên dự thảo"), max_length=300)
    summary = forms.CharField(label=_("Tóm tắt, mục đích lấy ý kiến"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    forms_used = django_forms.MultipleChoiceField(label=_("Hình thức lấy ý kiến (Điều 26)"), choices=choices(Form.choices), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    closes_at = forms.DateTimeField(label=_("Kết thúc lấy ý kiến (tối thiểu 20 ngày kể từ khi công bố)"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    period_basis = forms.CharField(label=_("Căn cứ luật chuyên ngành nếu thời hạn khác 20 ngày"), required=False,
                                   max_length=300)
    draft_text = forms.CharField(label=_("Dán toàn văn dự thảo (hoặc tải tệp DOCX sau khi tạo)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, organization=False, **kw):
        super().__init__(*args, **kw)
        if not organization:
            self.fields["kind"].choices = choices((k, v) for k, v in Kind.choices if k in UNIT_KINDS)
        else:
            self.fields["kind"].choices = choices((k, v) for k, v in Kind.choices if k not in UNIT_KINDS)


class RecordForm(forms.Form):
    source = forms.ChoiceField(label=_("Nguồn"), choices=choices([(k, v) for k, v in Source.choices if k != Source.ONLINE]))
    source_note = forms.CharField(label=_("Cuộc họp, ngày, số phiếu…"), max_length=300)
    author_name = forms.CharField(label=_("Người góp ý (nếu có)"), required=False, max_length=200)
    section = forms.IntegerField(label=_("Phần dự thảo"), required=False)
    text = forms.CharField(label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("Ngày nhận"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
