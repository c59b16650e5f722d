"""Forms of the case pages. They only parse input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.attachments import Upload
from danchu.core.forms import MultipleFileField
from danchu.core.labels import choices

from .models import Category, Kind
from .services import Identity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=choices(Kind.choices), initial=Kind.FEEDBACK)
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=choices(Category.choices), initial=Category.OTHER)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200, required=False)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    location = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    event_date = forms.DateField(label=_("Ngày xảy ra / ngày nhận quyết định"), widget=DATE, required=False)
    decision_complained = forms.CharField(label=_("Khiếu nại: quyết định, hành vi bị khiếu nại"), max_length=500, required=False)
    second_time = forms.BooleanField(label=_("Khiếu nại: đây là khiếu nại lần hai"), required=False)
    first_decision_on = forms.DateField(label=_("Khiếu nại lần hai: ngày nhận quyết định giải quyết lần đầu"), widget=DATE,
                                        required=False)
    accused = forms.CharField(label=_("Tố cáo: người, cơ quan bị tố cáo"), max_length=300, required=False)
    violation = forms.CharField(label=_("Tố cáo: hành vi vi phạm"), max_length=500, required=False)
    full_name = forms.CharField(label=_("Họ và tên (bắt buộc với khiếu nại, tố cáo)"), max_length=120, required=False)
    address = forms.CharField(label=_("Địa chỉ (bắt buộc với khiếu nại, tố cáo)"), max_length=300, required=False)
    phone = forms.CharField(label=_("Số điện thoại (để nhận thông báo)"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử (để nhận thông báo)"), required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân / CCCD"), max_length=12, required=False)
    is_public = forms.BooleanField(label=_("Cho phép công khai nội dung phản ánh (không kèm danh tính)"), required=False)
    files = MultipleFileField(label=_("Tài liệu, ảnh kèm theo (PDF, DOCX, XLSX, ảnh; tối đa 5 tệp)"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def identity(self) -> Identity:
        d = self.cleaned_data
        return Identity(full_name=d["full_name"], address=d["address"], phone=d["phone"], email=d["email"],
                        id_number=d["id_number"])

    def case_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"files": uploads(d.get("files")), **{k: d[k] for k in ("kind", "category", "title", "body", "location", "event_date", "decision_complained",
                                  "second_time", "first_decision_on", "accused", "violation", "is_public",
                                  "idempotency_key")}}


class OfficerCaseForm(CaseForm):
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=[("reception", _("Trực tiếp tại nơi tiếp công dân")),
                                                                         ("letter", _("Đơn thư"))])
    received_on = forms.DateField(label=_("Ngày tiếp nhận"), widget=DATE, required=False)
    from_board = forms.BooleanField(label=_("Kiến nghị của Ban thanh tra nhân dân / Ban giám sát đầu tư"), required=False)


def uploads(files) -> list[Upload]:
    return [Upload(name=f.name, content=f.read()) for f in files or []]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=20)


class AcceptForm(forms.Form):
    complex_case = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    especially_complex = forms.BooleanField(label=_("Đặc biệt phức tạp (tố cáo)"), required=False)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa đi lại khó khăn (khiếu nại)"), required=False)
    multi_site = forms.BooleanField(label=_("Phải xác minh ở nhiều nơi (tố cáo)"), required=False)


class TransferForm(forms.Form):
    target = forms.CharField(label=_("Mã đơn vị nhận"), max_length=24, required=False)
    reason = forms.CharField(label=_("Lý do chuyển (người gửi sẽ thấy)"), max_length=500, required=False)


class ExternalTransferForm(forms.Form):
    body = forms.CharField(label=_("Cơ quan có thẩm quyền ngoài hệ thống (Tòa án, Công an, Sở, Bộ...)"), max_length=300,
                           required=False)
    reason = forms.CharField(label=_("Lý do chuyển (người gửi sẽ thấy)"), max_length=500, required=False)


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Lý do tạm đình chỉ (người gửi sẽ thấy)"), max_length=500, required=False)


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú khi tiếp tục giải quyết"), max_length=300, required=False)


class RefuseForm(forms.Form):
    ground = forms.CharField(label=_("Căn cứ pháp lý không thụ lý"), max_length=500, required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Lý do gia hạn"), max_length=500, required=False)


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Mã tra cứu của hồ sơ gộp vào"), max_length=20, required=False)


class ResolveForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời, quyết định, kết luận"), widget=forms.Textarea(attrs={"rows": 6}),
                             required=False)
    decision_ref = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    files = MultipleFileField(label=_("Văn bản trả lời, quyết định, kết luận (PDF, DOCX, XLSX, ảnh)"), required=False)
