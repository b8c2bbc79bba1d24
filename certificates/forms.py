from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.core.text import normalize_text

from .selectors import courses_with_template, member_by_identifier, sessions_for_issue


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


class IssueForm(forms.Form):
    member = forms.CharField(
        label=_("Thành viên"),
        max_length=20,
        help_text=_("Số điện thoại hoặc số CCCD của thành viên."),
    )
    course = forms.ModelChoiceField(label=_("Khóa học"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = courses_with_template()

    def clean_member(self):
        value = normalize_text(self.cleaned_data["member"]).replace(" ", "")
        member = member_by_identifier(user=self.user, identifier=value)
        if member is None:
            raise ValidationError(_("Không tìm thấy thành viên này trong phạm vi quản lý."))
        return member


class BulkIssueForm(forms.Form):
    """Collects the course and session; whether they go together is the service's rule
    (``bulk_issue_job_create``), shown on the form when it refuses."""

    course = forms.ModelChoiceField(label=_("Khóa học"), queryset=None)
    session = forms.ModelChoiceField(
        label=_("Buổi tập huấn"),
        queryset=None,
        required=False,
        help_text=_(
            "Để trống: cấp cho mọi người đã hoàn thành khóa học trong phạm vi của bạn. "
            "Chọn một buổi: chỉ những người đã tham dự buổi đó."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses_with_template()
        self.fields["session"].queryset = sessions_for_issue(user)
