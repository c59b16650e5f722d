from django import forms

from .models import Field, Level, Rating


class PracticeForm(forms.Form):
    title = forms.CharField(label="Tên mô hình", max_length=250)
    field = forms.ChoiceField(label="Lĩnh vực", choices=Field.choices)
    description = forms.CharField(label="Nội dung, cách làm", widget=forms.Textarea(attrs={"rows": 4}))
    started_on = forms.DateField(label="Ngày bắt đầu thực hiện", widget=forms.DateInput(attrs={"type": "date"}))
    results = forms.CharField(label="Kết quả đạt được", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResultsForm(forms.Form):
    results = forms.CharField(label="Kết quả đạt được", widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Tệp minh chứng (PDF, DOCX, XLSX, ảnh)")


class EvaluationForm(forms.Form):
    level = forms.ChoiceField(label="Cấp đánh giá", choices=Level.choices)
    rating = forms.ChoiceField(label="Xếp loại", choices=Rating.choices)
    evaluated_on = forms.DateField(label="Ngày đánh giá", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Nhận xét", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecognitionForm(forms.Form):
    level = forms.ChoiceField(label="Cấp công nhận", choices=Level.choices)
    recognized_on = forms.DateField(label="Ngày công nhận", widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label="Số quyết định công nhận", max_length=100)
