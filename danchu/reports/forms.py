from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices

from .models import DocFormat


class DraftForm(forms.Form):
    doc_format = forms.ChoiceField(label=_("Thể thức văn bản"), choices=choices(DocFormat.choices))
    parent_body = forms.CharField(label=_("Cơ quan, tổ chức chủ quản"), required=False, max_length=200)
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    issuer_abbr = forms.CharField(label=_("Chữ viết tắt cơ quan ban hành (trong số, ký hiệu)"), max_length=30)
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    summary = forms.CharField(label=_("Trích yếu"), max_length=300)
    intro = forms.CharField(label=_("Tình hình chung (để trống: dùng mẫu)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    limitations = forms.CharField(label=_("Hạn chế, nguyên nhân"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    next_tasks = forms.CharField(label=_("Phương hướng, nhiệm vụ kỳ tới"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=150)
    signer_name = forms.CharField(label=_("Họ tên người ký"), required=False, max_length=120)
    recipients = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
