"""Wagtail's user administration with the fields a scope needs: phone, role, province, ward.

Wired in by ``lms.accounts.wagtail_users.UsersAppConfig`` (replacing ``wagtail.users`` in
INSTALLED_APPS), as the Wagtail 8 "custom user models" guide describes.
"""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from lms.core.collation import vi_ordered
from lms.core.validators import normalize_phone, validate_phone

from .choices import Role
from .models import User
from .permissions import is_administrator
from .services import user_role_groups_sync

SCOPE_FIELDS = ["phone", "role", "province", "ward"]

# The unit models, reached through the user's foreign keys: identity does not import teams.
Province = User._meta.get_field("province").related_model
Ward = User._meta.get_field("ward").related_model


class ScopeFieldsMixin(forms.ModelForm):
    """Role and scope rules, checked before the database constraints would refuse the row.

    A ward officer needs a ward (their province follows from it); a province officer needs a
    province; only administrators may make administrators. ``is_superuser`` and ``is_staff``
    follow the role, so "Administrator" cannot drift from the role shown in lists.
    """

    email = forms.EmailField(
        required=False,
        label=_("Email"),
        help_text=_("Không bắt buộc; dùng để tự đặt lại mật khẩu qua email."),
    )
    first_name = forms.CharField(required=True, max_length=150, label=_("Tên"))
    last_name = forms.CharField(required=True, max_length=150, label=_("Họ và tên đệm"))
    phone = forms.CharField(required=False, max_length=20, label=_("Số điện thoại"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Vai trò"), initial=Role.MEMBER)
    province = forms.ModelChoiceField(
        queryset=vi_ordered(Province.objects.all(), "name"),
        required=False,
        label=_("Phạm vi: tỉnh, thành phố"),
        help_text=_("Bắt buộc với cán bộ cấp tỉnh; với giảng viên để trống nghĩa là toàn quốc."),
    )
    ward = forms.ModelChoiceField(
        queryset=vi_ordered(Ward.objects.select_related("province"), "name"),
        required=False,
        label=_("Phạm vi: xã, phường"),
        help_text=_("Bắt buộc với cán bộ cấp xã."),
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.fields.pop("is_superuser", None)
        if for_user is not None and not for_user.is_superuser:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.ADMIN]

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone"))
        if phone:
            validate_phone(phone)
        return phone

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        province = cleaned.get("province")
        ward = cleaned.get("ward")
        if role == Role.WARD_OFFICER:
            if ward is None:
                self.add_error("ward", _("Cán bộ cấp xã phải được gán một xã, phường."))
            elif province is not None and province.pk != ward.province_id:
                self.add_error("province", _("Xã, phường đã chọn không thuộc tỉnh này."))
            else:
                cleaned["province"] = ward.province
        elif ward is not None:
            self.add_error("ward", _("Chỉ cán bộ cấp xã được gán phạm vi xã, phường."))
        if role == Role.PROVINCE_OFFICER and province is None:
            self.add_error("province", _("Cán bộ cấp tỉnh phải được gán một tỉnh, thành phố."))
        if role in (Role.ADMIN, Role.MEMBER) and province is not None:
            self.add_error("province", _("Vai trò này không có phạm vi tỉnh."))
        if role == Role.ADMIN and self.for_user is not None and not self.for_user.is_superuser:
            self.add_error("role", _("Chỉ quản trị hệ thống được tạo quản trị hệ thống."))
        return cleaned

    def _post_clean(self):
        # The model's constraints are validated on the instance, so it must carry the derived
        # province and the role flags before Django's checks run.
        self.instance.province = self.cleaned_data.get("province")
        role = self.cleaned_data.get("role")
        if role:
            self.instance.is_superuser = role == Role.ADMIN
            self.instance.is_staff = role != Role.MEMBER
        super()._post_clean()

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            user_role_groups_sync(user=user)
        return user


class UserCreateForm(ScopeFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = [*UserCreationForm.Meta.fields, *SCOPE_FIELDS]


class UserChangeForm(ScopeFieldsMixin, UserEditForm):
    def __init__(self, *args, editing_self=False, **kwargs):
        super().__init__(*args, editing_self=editing_self, **kwargs)
        if editing_self:
            # Nobody widens or narrows their own role and scope.
            for name in ("role", "province", "ward"):
                self.fields[name].disabled = True

    class Meta(UserEditForm.Meta):
        fields = [*UserEditForm.Meta.fields, *SCOPE_FIELDS]


class ForUserFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class CreateView(ForUserFormMixin, wagtail_users.CreateView):
    pass


class EditView(ForUserFormMixin, wagtail_users.EditView):
    pass


def _scope_label(user):
    if user.ward_id:
        return user.ward.name
    if user.province_id:
        return user.province.name
    return ""


class IndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        columns = list(super().columns)
        # Role and scope next to the name: who can see what is the question asked most here.
        columns[3:3] = [
            Column("role", accessor="get_role_display", label=_("Vai trò"), sort_key="role"),
            Column("scope", accessor=_scope_label, label=_("Phạm vi")),
        ]
        return columns

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("province", "ward", "member")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        member = getattr(instance, "member", None)
        if (
            member is not None
            and member.anonymised_at is None
            and is_administrator(self.request.user)
        ):
            buttons.append(
                ListingButton(
                    _("Ẩn danh hóa thành viên"),
                    url=reverse("accounts_admin:anonymise_confirm", args=[member.pk]),
                    icon_name="user",
                    priority=90,
                )
            )
        return buttons


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    create_template_name = "accounts/admin/user_create.html"
    edit_template_name = "accounts/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return UserChangeForm if for_update else UserCreateForm
