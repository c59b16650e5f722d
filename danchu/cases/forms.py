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


# The four kinds, each with what the law asks of it, shown where the person chooses the kind.
KIND_HELP = {
    Kind.FEEDBACK: _("Báo cho chính quyền biết một việc ở địa phương (đường hỏng, rác thải, mất trật tự…). Không cần "
                     "ghi danh tính; trong 10 ngày làm việc bạn được báo việc xử lý (Luật Tiếp công dân 2013, Điều 28)."),
    Kind.RECOMMENDATION: _("Đề nghị chính quyền xem xét, sửa đổi hay làm một việc (chính sách, thủ tục…). Không cần "
                           "ghi danh tính; trong 10 ngày làm việc bạn được báo việc xử lý (Luật Tiếp công dân 2013, "
                           "Điều 28)."),
    Kind.COMPLAINT: _("Đề nghị xem xét lại một quyết định hành chính, hành vi hành chính xâm phạm quyền, lợi ích của "
                      "bạn. Phải ghi họ tên, địa chỉ và quyết định, hành vi bị khiếu nại (Luật Khiếu nại 2011, Điều 8); "
                      "gửi trong 90 ngày kể từ khi nhận hoặc biết quyết định, hành vi (Điều 9)."),
    Kind.DENUNCIATION: _("Báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của người, cơ quan, tổ chức. "
                         "Phải ghi họ tên, địa chỉ người tố cáo, người bị tố cáo và hành vi vi phạm (Luật Tố cáo 2018, "
                         "Điều 23); danh tính được giữ bí mật (Điều 47)."),
}

CONTENT_FIELDS = ("category", "title", "body", "location", "event_date")
# What only one kind asks for: the decision or act complained about (Law on Complaints Art. 8), the
# person denounced and the violation (Law on Denunciations Art. 23). The services check them.
SUBJECT_FIELDS = {Kind.COMPLAINT: ("decision_complained", "second_time", "first_decision_on"),
                  Kind.DENUNCIATION: ("accused", "violation")}
IDENTITY_FORM_FIELDS = ("full_name", "address", "phone", "email", "id_number")
# Only feedback and recommendations may be made public (services._file).
PUBLIC_KINDS = (Kind.FEEDBACK, Kind.RECOMMENDATION)
NAMED_KINDS = (Kind.COMPLAINT, Kind.DENUNCIATION)
DEFAULTS = {"title": "", "body": "", "location": "", "event_date": None, "decision_complained": "",
            "second_time": False, "first_decision_on": None, "accused": "", "violation": "", "is_public": False,
            "category": Category.OTHER}


def kind_choices() -> list[dict]:
    """The kinds to choose from, each with its one-line explanation."""
    return [{"value": value, "label": label, "help": KIND_HELP[value]} for value, label in choices(Kind.choices)]


class CaseForm(forms.Form):
    """The fields of one kind only (`kind`, chosen beforehand): what another kind asks for is neither
    shown nor read. Which of them are required is the services' rule; the labels only say so."""

    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=choices(Category.choices), initial=Category.OTHER)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200, required=False)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    location = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    event_date = forms.DateField(label=_("Ngày xảy ra"), widget=DATE, required=False)
    decision_complained = forms.CharField(label=_("Quyết định hành chính, hành vi hành chính bị khiếu nại"),
                                          max_length=500, required=False)
    second_time = forms.BooleanField(label=_("Đây là khiếu nại lần hai"), required=False)
    first_decision_on = forms.DateField(label=_("Khiếu nại lần hai: ngày nhận quyết định giải quyết lần đầu"), widget=DATE,
                                        required=False)
    accused = forms.CharField(label=_("Người, cơ quan, tổ chức bị tố cáo"), max_length=300, required=False)
    violation = forms.CharField(label=_("Hành vi vi phạm pháp luật bị tố cáo"), max_length=500, required=False)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Số điện thoại (để nhận thông báo)"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử (để nhận thông báo)"), required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân / CCCD"), max_length=12, required=False)
    is_public = forms.BooleanField(label=_("Cho phép công khai nội dung phản ánh (không kèm danh tính)"), required=False)
    files = MultipleFileField(label=_("Tài liệu, ảnh kèm theo (PDF, DOCX, XLSX, ảnh; tối đa 5 tệp)"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    INTAKE_FIELDS: tuple[str, ...] = ()

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {*self.INTAKE_FIELDS, *CONTENT_FIELDS, *SUBJECT_FIELDS.get(kind, ()), *IDENTITY_FORM_FIELDS, "files",
                "idempotency_key", *(("is_public",) if kind in PUBLIC_KINDS else ())}
        for n in [n for n in self.fields if n not in keep]:
            del self.fields[n]
        if kind == Kind.COMPLAINT:
            self.fields["event_date"].label = _("Ngày nhận hoặc biết quyết định, hành vi bị khiếu nại")
        required = _("bắt buộc") if kind in NAMED_KINDS else _("không bắt buộc")
        for name in ("full_name", "address"):
            self.fields[name].label = f"{self.fields[name].label} ({required})"

    def groups(self) -> list[tuple[str, list]]:
        """The fields in the order shown, in groups with their legends."""
        content = [*CONTENT_FIELDS, *SUBJECT_FIELDS.get(self.kind, ()), *(("is_public",) if "is_public" in self.fields else ())]
        out = [(_("Tiếp nhận"), list(self.INTAKE_FIELDS))] if self.INTAKE_FIELDS else []
        out += [(_("Nội dung"), content), (_("Người gửi"), list(IDENTITY_FORM_FIELDS)), (_("Tài liệu kèm theo"), ["files"])]
        return [(legend, [self[n] for n in names if n in self.fields]) for legend, names in out]

    def error_items(self) -> list[dict]:
        """Every error of the form, in the order of the page, each with the id of its field (none for
        an error of the whole form or of a hidden field): the error summary links to them."""
        items = [{"id": None, "label": "", "message": m} for m in self.non_field_errors()]
        for field in self:
            for message in field.errors:
                if field.is_hidden:
                    items.append({"id": None, "label": "", "message": message})
                else:
                    items.append({"id": field.id_for_label, "label": field.label, "message": message})
        return items

    def identity(self) -> Identity:
        d = self.cleaned_data
        return Identity(full_name=d["full_name"], address=d["address"], phone=d["phone"], email=d["email"],
                        id_number=d["id_number"])

    def case_kwargs(self) -> dict:
        d = self.cleaned_data
        fields = {k: d.get(k, default) if k in self.fields else default for k, default in DEFAULTS.items()}
        return {"files": uploads(d.get("files")), "kind": self.kind, "idempotency_key": d.get("idempotency_key", ""),
                **fields}


class OfficerCaseForm(CaseForm):
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=[("reception", _("Trực tiếp tại nơi tiếp công dân")),
                                                                         ("letter", _("Đơn thư"))])
    received_on = forms.DateField(label=_("Ngày tiếp nhận"), widget=DATE, required=False)
    from_board = forms.BooleanField(label=_("Kiến nghị của Ban thanh tra nhân dân / Ban giám sát đầu tư"), required=False)

    INTAKE_FIELDS = ("channel", "received_on", "from_board")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, kind=kind, **kwargs)
        # Law 10/2022 Arts. 40, 45: a board's recommendation; never a complaint or a denunciation.
        if kind in NAMED_KINDS:
            del self.fields["from_board"]


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
