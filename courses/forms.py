from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.scoping import scope_for, scope_queryset
from teams.choices import TeamStatus
from teams.models import CommunityTeam, Province, Ward

from .models import CoursePage


class BulkEnrolmentForm(forms.Form):
    """Who to enrol. Teams are listed for one ward at a time (74,000 teams do not fit in a
    page): ward officers see their ward's teams, others pick a ward and press "Hiện các tổ"."""

    TARGET_TEAMS = "teams"
    TARGET_WARD = "ward"
    TARGET_PROVINCE = "province"

    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(), label=_("Khóa học"), empty_label=None
    )
    target = forms.ChoiceField(
        label=_("Ghi danh"),
        choices=[
            (TARGET_TEAMS, _("Các tổ được chọn")),
            (TARGET_WARD, _("Tất cả các tổ của xã, phường")),
            (TARGET_PROVINCE, _("Tất cả các tổ của tỉnh, thành phố")),
        ],
        widget=forms.RadioSelect,
        initial=TARGET_TEAMS,
    )
    province = forms.ModelChoiceField(queryset=None, required=False, label=_("Tỉnh, thành phố"))
    ward = forms.ModelChoiceField(queryset=None, required=False, label=_("Xã, phường"))
    teams = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Tổ công nghệ số"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chọn xã, phường rồi bấm “Hiện các tổ” để thấy danh sách tổ."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        self.user = user
        scope = scope_for(user)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["province"].queryset = scope_queryset(user, Province.objects.order_by("name"))
        wards = scope_queryset(user, Ward.objects.select_related("province"))
        self.fields["ward"].queryset = wards.order_by("province__name", "name")
        teams = scope_queryset(user, CommunityTeam.objects.filter(status=TeamStatus.ACTIVE))
        ward_id = self.data.get("ward") or self.initial.get("ward") or scope.ward_id
        self.fields["teams"].queryset = (
            teams.filter(ward_id=ward_id).order_by("name")
            if ward_id and str(ward_id).isdigit()
            else teams.none()
        )

    def clean(self):
        data = super().clean()
        target = data.get("target")
        needed = {
            self.TARGET_TEAMS: ("teams", _("Chọn ít nhất một tổ.")),
            self.TARGET_WARD: ("ward", _("Chọn xã, phường.")),
            self.TARGET_PROVINCE: ("province", _("Chọn tỉnh, thành phố.")),
        }
        if target in needed:
            name, message = needed[target]
            if not data.get(name):
                self.add_error(name, message)
        return data
