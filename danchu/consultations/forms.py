from django import forms
from django import forms as django_forms

from .models import UNIT_KINDS, Form, Kind, Source


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="Nội dung lấy ý kiến (Điều 25)", choices=[(k, v) for k, v in Kind.choices])
    title = forms.CharField(label="Tên dự thảo", max_length=300)
    summary = forms.CharField(label="Tóm tắt, mục đích lấy ý kiến", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    forms_used = django_forms.MultipleChoiceField(label="Hình thức lấy ý kiến (Điều 26)", choices=Form.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    closes_at = forms.DateTimeField(label="Kết thúc lấy ý kiến (tối thiểu 20 ngày kể từ khi công bố)",
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    period_basis = forms.CharField(label="Căn cứ luật chuyên ngành nếu thời hạn khác 20 ngày", required=False,
                                   max_length=300)
    draft_text = forms.CharField(label="Dán toàn văn dự thảo (hoặc tải tệp DOCX sau khi tạo)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, organization=False, **kw):
        super().__init__(*args, **kw)
        if not organization:
            self.fields["kind"].choices = [(k, v) for k, v in Kind.choices if k in UNIT_KINDS]
        else:
            self.fields["kind"].choices = [(k, v) for k, v in Kind.choices if k not in UNIT_KINDS]


class RecordForm(forms.Form):
    source = forms.ChoiceField(label="Nguồn", choices=[(k, v) for k, v in Source.choices if k != Source.ONLINE])
    source_note = forms.CharField(label="Cuộc họp, ngày, số phiếu…", max_length=300)
    author_name = forms.CharField(label="Người góp ý (nếu có)", required=False, max_length=200)
    section = forms.IntegerField(label="Phần dự thảo", required=False)
    text = forms.CharField(label="Nội dung ý kiến", widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label="Ngày nhận", required=False, widget=forms.DateInput(attrs={"type": "date"}))
