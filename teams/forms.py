"""Admin forms (choices limited to the user's scope) and the import and public forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.collation import vi_ordered
from lms.core.spreadsheets import (
    ENCODING_CHOICES,
    SpreadsheetError,
    check_upload,
    unsure_message,
)

from .choices import HamletKind, TeamRole
from .choosers import hamlet_chooser_viewset, ward_chooser_viewset
from .models import CommunityTeam, Hamlet, Member, Province, Ward
from .services.registry import TEAM_FIELDS

# More choices than this, and a ward or hamlet is picked in a searchable chooser.
CHOOSER_ABOVE = 300


class ScopedUnitsForm(WagtailAdminModelForm):
    """The admin's create and edit forms: they collect the input, with ward and hamlet choices
    limited to what ``for_user`` may manage. The service the view calls normalises and
    validates it (``full_clean()``, unique checks); the form never holds a copy of those rules,
    and does not apply its values to the instance either: the service does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "ward" in self.fields:
            self.fields["ward"].queryset = vi_ordered(
                scope_queryset(user, Ward.objects.select_related("province")),
                "province__code",
                "name",
            )
        for name in ("hamlet", "successors"):
            if name in self.fields:
                self.fields[name].queryset = scope_queryset(
                    user, Hamlet.objects.select_related("ward")
                )
        # A searchable chooser instead of a <select> of every ward (3,321) and hamlet (99,456)
        # nationally; a ward officer's few choices stay a plain <select>. The scoped querysets
        # above still check what is posted.
        for name, viewset in (("ward", ward_chooser_viewset), ("hamlet", hamlet_chooser_viewset)):
            field = self.fields.get(name)
            if field is not None and field.queryset[:CHOOSER_ABOVE].count() == CHOOSER_ABOVE:
                field.widget = viewset.widget_class()

    def _post_clean(self):
        # Django's model form would copy the values onto the instance and run the model's
        # validation here, before the service had normalised them ("912 345 678").
        pass


class HamletForm(ScopedUnitsForm):
    class Meta:
        model = Hamlet
        fields = ["ward", "kind", "name", "code", "is_active", "valid_from", "valid_to"]


class TeamForm(ScopedUnitsForm):
    class Meta:
        model = CommunityTeam
        # Status and dissolution are not edited here: they change through "Giải thể tổ".
        fields = list(TEAM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _(
            "Để trống để dùng tên mặc định “Tổ công nghệ số cộng đồng <thôn>”."
        )
        self.fields["hamlet"].queryset = self.fields["hamlet"].queryset.filter(is_active=True)


class MemberForm(ScopedUnitsForm):
    # Taken as typed ("+84 912 345 678", "0921 9000 0124"): the service normalises and checks.
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    cccd = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)

    class Meta:
        model = Member
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "phone",
            "email",
            "cccd",
            "ward",
            "affiliation",
            "it_qualification",
            "it_major",
            "needs_review",
        ]


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    create_hamlets = forms.BooleanField(
        label=_("Tạo thôn, tổ dân phố chưa có trong danh mục"),
        required=False,
        help_text=_("Chỉ chọn khi đã kiểm tra tên các thôn mới là đúng."),
    )
    ward = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=Ward.objects.none(),
        required=False,
        help_text=_(
            "Nếu chọn: chỉ nhận các dòng của xã, phường này, và dùng cho các dòng để trống "
            "cột Xã/phường."
        ),
    )
    # Shown when the reader cannot tell which legacy font a column was typed in (and kept
    # once chosen); "auto" converts only what it recognises clearly, with a warning.
    encoding = forms.ChoiceField(
        label=_("Bảng mã chữ trong tệp"),
        choices=ENCODING_CHOICES,
        initial="auto",
        required=False,
        help_text=_(
            "Chọn TCVN3 nếu danh sách được gõ bằng phông .VnTime (bộ gõ ABC), VNI nếu gõ "
            "bằng phông VNI-Times, Unicode nếu chữ trong tệp đã hiển thị đúng."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = vi_ordered(scope_queryset(user, Ward.objects.select_related("province")), "name")
        self.fields["ward"].queryset = qs
        if user.ward_id and not scope_for(user).everything:
            # A ward officer imports only into their own ward: nothing to choose.
            del self.fields["ward"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.suffix = check_upload(name=upload.name, size=upload.size)
        except SpreadsheetError as exc:
            raise ValidationError(str(exc)) from exc
        return upload

    def clean_encoding(self):
        return self.cleaned_data.get("encoding") or "auto"

    @property
    def asks_encoding(self) -> bool:
        """Whether the encoding choice is shown: the reader was unsure, or one was chosen."""
        if self.is_bound and self.data.get("encoding") not in (None, "", "auto"):
            return True
        return any(unsure_message() in str(error) for error in self.errors.get("file", []))


class FindTeamForm(forms.Form):
    """The public picker: plain GET selects, so it works without JavaScript."""

    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=None, required=False, empty_label=_("— Chọn —")
    )
    ward = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=Ward.objects.none(),
        required=False,
        empty_label=_("— Chọn —"),
    )
    hamlet = forms.ModelChoiceField(
        label=_("Thôn, tổ dân phố"),
        queryset=Hamlet.objects.none(),
        required=False,
        empty_label=_("— Tất cả —"),
    )

    def __init__(self, data=None, **kwargs):

        if data is not None:
            data = data.copy()
        super().__init__(data, **kwargs)
        self.fields["province"].queryset = vi_ordered(Province.objects.all(), "name")
        province = self._pick("province", Province.objects.all())
        ward = None
        if province is not None:
            # A ward's label names its province: read it in the same query (one per ward
            # otherwise: 100+ queries for a province's list).
            self.fields["ward"].queryset = vi_ordered(
                Ward.objects.filter(province=province).select_related("province"), "name"
            )
            ward = self._pick("ward", self.fields["ward"].queryset)
            if ward is not None:
                self.fields["hamlet"].queryset = vi_ordered(
                    Hamlet.objects.filter(ward=ward, is_active=True), "kind", "name"
                )
        # Without JavaScript a changed province is submitted with the old ward (and hamlet):
        # drop choices that no longer belong instead of failing validation.
        if data is not None:
            if ward is None:
                data["ward"] = ""
            if ward is None or self._pick("hamlet", self.fields["hamlet"].queryset) is None:
                data["hamlet"] = ""

    def _pick(self, name, queryset):
        value = (self.data or {}).get(name)
        if not value or not str(value).isdigit():
            return None
        return queryset.filter(pk=value).first()


class MembershipAddForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=Member.objects.none())
    role = forms.ChoiceField(label=_("Chức vụ trong tổ"), choices=TeamRole.choices)
    joined_on = forms.DateField(label=_("Ngày tham gia"), widget=AdminDateInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        # People registered in the team's ward and not already in this team.
        self.fields["member"].queryset = Member.objects.filter(ward_id=team.ward_id).exclude(
            memberships__team=team, memberships__left_on__isnull=True
        )
        self.fields["member"].queryset = vi_ordered(self.fields["member"].queryset, "full_name")
        self.fields["role"].initial = TeamRole.MEMBER


class MembershipLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Ngày rời tổ"), widget=AdminDateInput)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class TeamDissolveForm(forms.Form):
    dissolved_on = forms.DateField(label=_("Ngày giải thể"), widget=AdminDateInput)


class HamletMergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label=_("Sáp nhập cùng với"),
        queryset=Hamlet.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    into = forms.ModelChoiceField(
        label=_("Vào thôn, tổ dân phố đã có"),
        queryset=Hamlet.objects.none(),
        required=False,
        help_text=_("Để trống để lập thôn, tổ dân phố mới với tên và loại dưới đây."),
    )
    kind = forms.ChoiceField(
        label=_("Loại"), choices=[("", "—"), *HamletKind.choices], required=False
    )
    name = forms.CharField(label=_("Tên thôn, tổ dân phố mới"), max_length=120, required=False)
    merged_on = forms.DateField(label=_("Ngày sáp nhập"), widget=AdminDateInput)

    def __init__(self, *args, hamlet, **kwargs):
        super().__init__(*args, **kwargs)
        same_ward = Hamlet.objects.filter(ward_id=hamlet.ward_id, is_active=True).exclude(
            pk=hamlet.pk
        )
        self.fields["others"].queryset = same_ward
        self.fields["into"].queryset = same_ward
        self.fields["kind"].initial = hamlet.kind
