from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.labels import choices
from danchu.core.roles import Role


class LoginForm(forms.Form):
    identifier = forms.CharField(label=_("Số điện thoại, email hoặc tên đăng nhập"), max_length=150)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, max_length=128)


class GrantForm(forms.Form):
    identifier = forms.CharField(
        label=_("Số điện thoại, email hoặc tên đăng nhập của người được giao"), max_length=150
    )
    full_name = forms.CharField(label=_("Họ và tên (nếu là tài khoản mới)"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu (nếu là tài khoản mới)"), widget=forms.PasswordInput, required=False, max_length=128
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=choices(Role.choices))
    scope = forms.ChoiceField(label=_("Giao tại đơn vị / cơ quan"))


class OtpForm(forms.Form):
    token = forms.CharField(label=_("Mã 6 chữ số trong ứng dụng xác thực"), max_length=12, required=False)
