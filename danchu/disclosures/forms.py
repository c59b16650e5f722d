"""Forms of the officers' pages. They only parse input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import MultipleFileField
from danchu.core.labels import choices

from .catalogue import channels_for
from .models import Channel
from .services import Content, Upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisclosureForm(forms.Form):
    category = forms.ChoiceField(label=_("Nội dung công khai (theo Luật)"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    channels = forms.MultipleChoiceField(label=_("Hình thức công khai"), choices=choices(Channel.choices),
                                         widget=forms.CheckboxSelectMultiple, required=False)
    decision_ref = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    decision_date = forms.DateField(label=_("Ngày ban hành quyết định, văn bản"), widget=DATE, required=False)
    effective_from = forms.DateField(label=_("Hiệu lực từ ngày"), widget=DATE, required=False)
    effective_to = forms.DateField(label=_("Hiệu lực đến ngày"), widget=DATE, required=False)
    period_start = forms.DateField(label=_("Kỳ số liệu từ ngày"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("Kỳ số liệu đến ngày"), widget=DATE, required=False)
    people = forms.CharField(
        label=_("Danh sách (mỗi dòng: Họ và tên | Thôn, tổ dân phố | Chế độ, kết quả | Số tiền)"),
        widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text=_("Chỉ dùng cho danh sách đối tượng thụ hưởng, danh sách công dân (Điều 11 khoản 7, 8, 9). "
                  "Không ghi số CCCD, ngày sinh, số điện thoại."),
    )
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, DOCX, XLSX, ảnh)"), required=False)

    def __init__(self, *args, categories=(), with_category=True, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the disclosing body's own forms of publicity (catalogue.channels_for, the service's rule).
        allowed = channels_for(organization=organization)
        self.fields["channels"].choices = [(v, lbl) for v, lbl in choices(Channel.choices) if v in allowed]
        self.fields["category"].choices = [(c.code, f"{c.clause_label} — {c.name}") for c in categories]
        if not with_category:
            del self.fields["category"]

    def content(self) -> Content:
        d = self.cleaned_data
        people = None
        if d.get("people", "").strip():
            people = []
            for line in d["people"].splitlines():
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split("|")] + ["", "", "", ""]
                people.append({"full_name": parts[0], "hamlet": parts[1], "benefit": parts[2], "amount": parts[3] or None})
        return Content(
            title=d.get("title", ""), body=d.get("body", ""), channels=list(d.get("channels") or []),
            decision_ref=d.get("decision_ref", ""), decision_date=d.get("decision_date"),
            effective_from=d.get("effective_from"), effective_to=d.get("effective_to"),
            period_start=d.get("period_start"), period_end=d.get("period_end"), people=people,
        )

    def uploads(self) -> list[Upload]:
        return [Upload(name=f.name, content=f.read()) for f in self.cleaned_data.get("files") or []]


class CorrectionForm(DisclosureForm):
    note = forms.CharField(label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, with_category=False, **kwargs)
        self.fields["keep"] = forms.MultipleChoiceField(
            label=_("Giữ lại tệp đính kèm"), choices=[(str(a.pk), a.name) for a in attachments],
            widget=forms.CheckboxSelectMultiple, required=False,
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Câu hỏi của bạn về thông tin này"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=4000, required=False)
    # Checked by the service (core.inputs): a Vietnamese phone number, an e-mail address.
    phone = forms.CharField(label=_("Số điện thoại để nhận trả lời (không bắt buộc, không công khai)"), max_length=20,
                            required=False, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.CharField(label=_("Thư điện tử để nhận trả lời (không bắt buộc, không công khai)"), max_length=254,
                            required=False, widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}))


def initial_from_version(version) -> dict:
    people = "\n".join(
        " | ".join([p.full_name, p.hamlet, p.benefit, str(p.amount) if p.amount is not None else ""]).rstrip(" |")
        for p in version.people.all()
    )
    return {
        "title": version.title, "body": version.body, "channels": version.channels, "decision_ref": version.decision_ref,
        "decision_date": version.decision_date, "effective_from": version.effective_from, "effective_to": version.effective_to,
        "period_start": version.period_start, "period_end": version.period_end, "people": people,
    }
