"""Forms of the officials' pages: shape only; the rules live in the services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices

from .models import OrganizationKind
from .services.hamlets import DIVISION_TYPES

_TYPE_CHOICES = [(t, t[0].upper() + t[1:]) for t in DIVISION_TYPES]
_FILE_HELP = _("Tệp Excel (.xlsx) hoặc CSV (UTF-8 hoặc Windows-1258), tối đa %(mb)s MB.")


def _file_help() -> str:
    return str(_FILE_HELP) % {"mb": settings.DANCHU_MAX_UPLOAD_BYTES // (1024 * 1024)}


class UploadField(forms.FileField):
    """A file no bigger than DANCHU_MAX_UPLOAD_BYTES (checked before it is read into memory)."""

    def __init__(self, **kw):
        kw.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}))
        super().__init__(**kw)

    def validate(self, value):
        super().validate(value)
        limit = settings.DANCHU_MAX_UPLOAD_BYTES
        if value is not None and value.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size).1f MB). Dung lượng tối đa là %(limit)s MB.")
                % {"size": value.size / 1048576, "limit": limit // 1048576},
                code="file_too_large",
            )


class HamletForm(forms.Form):
    name = forms.CharField(label=_("Tên thôn, tổ dân phố"), max_length=130,
                           help_text=_("Ví dụ: “Đồng Quê”, “Thôn 3” hoặc “Tổ dân phố số 5”."))
    division_type = forms.ChoiceField(label=_("Loại"), choices=_TYPE_CHOICES, initial="thôn")


class HamletCloseForm(forms.Form):
    on = forms.DateField(label=_("Ngày sáp nhập, giải thể có hiệu lực"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    successor = forms.ChoiceField(label=_("Sáp nhập vào"), required=False)

    def __init__(self, *args, successors=(), **kw):
        super().__init__(*args, **kw)
        self.fields["successor"].choices = [("", _("— Không sáp nhập (giải thể) —"))] + [
            (u.code, u.name) for u in successors
        ]


class HamletImportForm(forms.Form):
    file = UploadField(label=_("Tệp danh sách thôn, tổ dân phố"))

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["file"].help_text = _file_help() + " " + str(_("Cột “Tên thôn”, có thể thêm cột “Loại”."))


class HouseholdImportForm(forms.Form):
    hamlet = forms.ChoiceField(label=_("Thôn, tổ dân phố"))
    file = UploadField(label=_("Tệp sổ hộ gia đình"))

    def __init__(self, *args, hamlets=(), **kw):
        super().__init__(*args, **kw)
        self.fields["hamlet"].choices = [(h.code, h.name) for h in hamlets]
        self.fields["file"].help_text = _file_help()


class HouseholdForm(forms.Form):
    hamlet = forms.ChoiceField(label=_("Thôn, tổ dân phố"))
    code = forms.CharField(label=_("Mã hộ"), max_length=30)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)

    def __init__(self, *args, hamlets=(), **kw):
        super().__init__(*args, **kw)
        self.fields["hamlet"].choices = [(h.code, h.name) for h in hamlets]


class ResidentForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    identity_number = forms.CharField(label=_("Số CCCD (12 chữ số)"), max_length=20, required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    birth_year = forms.CharField(label=_("Năm sinh"), max_length=10, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    is_representative = forms.BooleanField(label=_("Là người đại diện hộ"), required=False)


class OrganizationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=choices(OrganizationKind.choices))
    name = forms.CharField(label=_("Tên cơ quan, đơn vị, doanh nghiệp"), max_length=200)
    tax_code = forms.CharField(label=_("Mã số thuế (nếu có)"), max_length=20, required=False)


class OrganizationEditForm(OrganizationForm):
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)
