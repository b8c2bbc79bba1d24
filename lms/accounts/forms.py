from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.core.validators import normalize_phone, validate_phone

from .codes import CODE_LENGTH, code_normalize


class SignInForm(AuthenticationForm):
    """Phone number or email plus password; members imported from lists often have no email."""

    username = forms.CharField(
        label=_("Số điện thoại hoặc email"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email"}
        ),
    )

    error_messages = {
        "invalid_login": _(
            "Số điện thoại/email hoặc mật khẩu không đúng. Lưu ý mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ cán bộ xã, phường."),
    }


class NewPasswordFields(forms.Form):
    """Two password boxes checked against Django's validators (messages come in Vietnamese)."""

    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá giống số điện thoại."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise ValidationError(_("Hai lần nhập mật khẩu không giống nhau."), code="mismatch")
        return password2


class ActivationForm(NewPasswordFields):
    """The public "Kích hoạt tài khoản" form: phone + code from the slip + a new password.

    The form checks shapes only; the code itself is checked by ``account_activate`` so that a
    wrong code counts as a failed sign-in for the lockout.
    """

    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "tel"}),
    )
    code = forms.CharField(
        label=_("Mã kích hoạt"),
        max_length=20,
        help_text=_("8 ký tự in trên phiếu kích hoạt, ví dụ ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )

    field_order = ["phone", "code", "password1", "password2"]

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_phone(phone)
        return phone

    def clean_code(self):
        code = code_normalize(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise ValidationError(
                _("Mã kích hoạt gồm %(n)s ký tự."), code="code_length", params={"n": CODE_LENGTH}
            )
        return code


class ConsentForm(forms.Form):
    public_consent = forms.BooleanField(
        label=_("Tôi đồng ý công khai họ tên và số điện thoại để người dân liên hệ nhờ hỗ trợ"),
        required=False,
    )


class PasswordResetForm(DjangoPasswordResetForm):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SetPasswordForm(NewPasswordFields):
    """Django's SetPasswordForm contract (``user`` first, ``save()``), with our labels."""

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password2")
        if password and not self.errors:
            try:
                password_validation.validate_password(password, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        self.user.set_password(self.cleaned_data["password1"])
        if commit:
            self.user.save(update_fields=["password"])
        return self.user


class PasswordChangeForm(SetPasswordForm):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "password1", "password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise ValidationError(_("Mật khẩu hiện tại không đúng."), code="password_incorrect")
        return old
