from django import forms
from django.utils.translation import gettext_lazy as _

from lms.text import normalize_text


class VerifyForm(forms.Form):
    q = forms.CharField(
        label=_("Số giấy chứng nhận hoặc mã xác thực"),
        max_length=80,
        help_text=_("Ví dụ: 0001/2026/GCN-SKHCN, hoặc mã in dưới mã QR."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def clean_q(self):
        return normalize_text(self.cleaned_data["q"]).replace(" ", "")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lý do được lưu lại và hiện trên trang tra cứu công khai."),
    )
