from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.widgets import FilterableCheckboxSelectMultiple
from lms.accounts.choices import Role
from lms.accounts.models import User
from lms.accounts.scoping import scope_for
from teams.models import CommunityTeam, Province, Ward

from .choices import AttendanceStatus
from .models import TrainingSession


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã điểm danh (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Mã điểm danh gồm đúng 6 chữ số.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
                "pattern": "[0-9]{6}",
                "class": "code-input",
            }
        ),
    )


class WalkInForm(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        required=False,
        help_text=_("Chỉ cần khi số điện thoại chưa có trong hệ thống."),
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi buổi đã đóng)"), max_length=255, required=False
    )


class RollCallForm(forms.Form):
    """A status and a note per roster row; rows are fields ``status_<id>`` / ``note_<id>``."""

    reason = forms.CharField(
        label=_("Lý do thay đổi (bắt buộc khi buổi đã đóng)"), max_length=255, required=False
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                choices=AttendanceStatus.choices,
                required=False,
                initial=row.status,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                max_length=255,
                required=False,
                initial=row.note,
                widget=forms.TextInput(attrs={"placeholder": _("Ghi chú")}),
            )

    def lines(self):
        """(row, status field, note field) for the template."""
        return [(row, self[f"status_{row.pk}"], self[f"note_{row.pk}"]) for row in self.rows]

    def marks(self):
        """Rows whose status was chosen or whose note was edited; a row left alone (no radio
        ticked, as for people not marked yet) keeps its status, so nothing is blanked."""
        marks = {}
        for row in self.rows:
            status = (
                self.cleaned_data.get(f"status_{row.pk}")
                if f"status_{row.pk}" in self.data
                else row.status
            )
            note = self.cleaned_data.get(f"note_{row.pk}", "")
            if f"note_{row.pk}" not in self.data:
                note = row.note
            if (status, note) != (row.status, row.note):
                marks[row.pk] = (status, note)
        return marks


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách đã điền (.csv hoặc .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi buổi đã đóng)"), max_length=255, required=False
    )


class TrainingSessionAdminForm(WagtailAdminModelForm):
    """The admin form, with every choice list limited to the user's scope."""

    class Meta:
        model = TrainingSession
        fields = [
            "title",
            "course",
            "description",
            "trainers",
            "organiser_province",
            "organiser_ward",
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "late_after_minutes",
            "open_before_minutes",
            "qr_rotation_seconds",
            "target_teams",
            "target_wards",
        ]
        # Checkboxes with a type-to-filter box, not Ctrl-click list boxes.
        widgets = {
            "trainers": FilterableCheckboxSelectMultiple,
            "target_teams": FilterableCheckboxSelectMultiple,
            "target_wards": FilterableCheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        scope = scope_for(user)
        provinces = scope.apply(Province.objects.all())
        wards = scope.apply(Ward.objects.select_related("province"))
        teams = scope.apply(CommunityTeam.objects.filter(status="active"))
        trainers = User.objects.filter(role=Role.TRAINER, is_active=True)
        if not scope.everything:
            if scope.province_id:
                trainers = trainers.filter(province_id__in=[scope.province_id, None])
        self.fields["organiser_province"].queryset = provinces
        self.fields["organiser_ward"].queryset = wards
        self.fields["target_wards"].queryset = wards
        self.fields["target_teams"].queryset = teams.select_related("ward")
        self.fields["trainers"].queryset = trainers
        if scope.ward_id:
            # A ward officer organises for their own ward only.
            self.fields["organiser_ward"].required = True
            self.fields["organiser_province"].required = True
        elif not scope.everything:
            self.fields["organiser_province"].required = True
        if not self.instance.pk and not scope.everything:
            self.initial.setdefault("organiser_province", scope.province_id)
            if scope.ward_id:
                self.initial.setdefault("organiser_ward", scope.ward_id)
