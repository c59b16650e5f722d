from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices

from .models import Field, Level, Rating


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Tên mô hình"), max_length=250)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=choices(Field.choices))
    description = forms.CharField(label=_("Nội dung, cách làm"), widget=forms.Textarea(attrs={"rows": 4}))
    started_on = forms.DateField(label=_("Ngày bắt đầu thực hiện"), widget=forms.DateInput(attrs={"type": "date"}))
    results = forms.CharField(label=_("Kết quả đạt được"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResultsForm(forms.Form):
    results = forms.CharField(label=_("Kết quả đạt được"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, DOCX, XLSX, ảnh)"))


class EvaluationForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp đánh giá"), choices=choices(Level.choices))
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=choices(Rating.choices))
    evaluated_on = forms.DateField(label=_("Ngày đánh giá"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecognitionForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp công nhận"), choices=choices(Level.choices))
    recognized_on = forms.DateField(label=_("Ngày công nhận"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Số quyết định công nhận"), max_length=100)
