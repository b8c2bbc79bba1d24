"""Wagtail admin screens of the registry: every one scoped through ``ScopedModelViewSet``.

Personal data (CCCD, date of birth, phone) is masked in listings, exports and inspect pages
unless ``personal_data_visible`` allows it; exports of members are recorded in the export log
(by ``ScopedIndexView``).
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from lms.accounts.choices import Role
from lms.accounts.scoping import personal_data_visible
from lms.accounts.viewsets import (
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
)
from lms.text import fold, mask_digits

from . import selectors, services
from .filters import HamletFilterSet, MemberFilterSet, TeamFilterSet, WardFilterSet
from .forms import HamletForm, MemberForm, TeamForm
from .models import CommunityTeam, Hamlet, Member, Province, Ward

PERSONAL_FIELDS = ("phone", "cccd", "date_of_birth")
MASK = "••••"


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Units come from the official dataset (``load_admin_units``); nobody edits them here."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def officer_may_see_personal_data(user):
    """Inside an already scoped listing every row is in the user's scope, so
    ``personal_data_visible`` reduces to its role test; this avoids one query per row."""
    return bool(
        user.is_authenticated
        and (
            user.is_superuser or user.role in (Role.ADMIN, Role.PROVINCE_OFFICER, Role.WARD_OFFICER)
        )
    )


class FoldedSearchMixin:
    """Accent-insensitive search on the stored folded column: "vi tan" finds "Vị Tân" on
    SQLite and PostgreSQL alike, with no search index to keep in step."""

    search_fields = ["search_key"]
    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for word in fold(self.search_query).split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset


class SearchIndexView(FoldedSearchMixin, ScopedIndexView):
    """Listings without personal data: their exports need no entry in the export log."""

    export_contains_personal_data = False


class _UnitViewSet(ScopedModelViewSet):
    """Read-only: listing and inspect only."""

    index_view_class = SearchIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["name"]  # never shown: there is no add or edit view

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


class ProvinceViewSet(_UnitViewSet):
    model = Province
    icon = "site"
    menu_label = _("Tỉnh, thành phố")
    url_prefix = "to-cong-nghe/tinh"
    url_namespace = "teams_province"
    list_display = ["code", "name"]
    list_export = ["code", "name", "short_name"]
    export_filename = "tinh-thanh-pho"
    inspect_view_fields = ["code", "name", "short_name", "latitude", "longitude"]


class WardViewSet(_UnitViewSet):
    model = Ward
    icon = "home"
    menu_label = _("Xã, phường")
    url_prefix = "to-cong-nghe/xa"
    url_namespace = "teams_ward"
    list_display = ["code", "name", "ward_type", "province"]
    list_export = ["code", "name", "ward_type", "province.name"]
    export_headings = {"province.name": _("Tỉnh, thành phố")}
    export_filename = "xa-phuong"
    filterset_class = WardFilterSet
    inspect_view_fields = [
        "code",
        "name",
        "ward_type",
        "province",
        "area_km2",
        "latitude",
        "longitude",
    ]

    def get_queryset(self, request):
        return Ward.objects.select_related("province")


class HamletInspectView(ScopedInspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.is_active and self.request.user.has_perm("teams.change_hamlet"):
            buttons.append(
                Button(
                    _("Sáp nhập"),
                    url=reverse("teams_hamlet:merge", args=[self.object.pk]),
                    icon_name="resubmit",
                    priority=30,
                )
            )
        return buttons


class HamletViewSet(ScopedModelViewSet):
    model = Hamlet
    icon = "folder-open-1"
    menu_label = _("Thôn, tổ dân phố")
    url_prefix = "to-cong-nghe/thon"
    url_namespace = "teams_hamlet"
    index_view_class = SearchIndexView
    inspect_view_class = HamletInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "kind", "ward", "is_active"]
    filterset_class = HamletFilterSet
    list_export = ["ward.code", "ward.name", "kind", "name", "code", "is_active", "valid_to"]
    export_headings = {"ward.code": _("Mã xã"), "ward.name": _("Xã, phường")}
    export_filename = "thon-to-dan-pho"
    inspect_view_fields = [
        "ward",
        "kind",
        "name",
        "code",
        "is_active",
        "valid_from",
        "valid_to",
        "successors",
    ]

    def get_form_class(self, for_update=False):
        return HamletForm

    def get_urlpatterns(self):
        from .admin_views import hamlet_merge_view

        return [
            *super().get_urlpatterns(),
            path("<int:pk>/sap-nhap/", hamlet_merge_view, name="merge"),
        ]

    def get_queryset(self, request):
        return Hamlet.objects.select_related("ward__province")


# --- Teams -------------------------------------------------------------------------------------


class TeamInspectView(ScopedInspectView):
    template_name = "teams/admin/team_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visible = officer_may_see_personal_data(user)  # the object is in scope (404 otherwise)
        context["members"] = selectors.team_members(self.object)
        context["history"] = selectors.team_history(self.object)
        context["personal_data_visible"] = visible
        context["can_change"] = user.has_perm("teams.change_communityteam")
        return context


class TeamEditView(ScopedEditView):
    def save_instance(self):
        instance = super().save_instance()
        # Moving a team to another hamlet or ward moves its members' figures with it.
        services.team_saved(team=instance)
        return instance


class TeamViewSet(ScopedModelViewSet):
    model = CommunityTeam
    edit_view_class = TeamEditView
    icon = "group"
    menu_label = _("Các tổ")
    url_prefix = "to-cong-nghe/to"
    url_namespace = "teams_team"
    index_view_class = SearchIndexView
    inspect_view_class = TeamInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "ward", "level", "status", "founded_on"]
    filterset_class = TeamFilterSet
    list_export = [
        "ward.province.name",
        "ward.code",
        "ward.name",
        "hamlet",
        "name",
        "level",
        "status",
        "decision_number",
        "decision_date",
        "decision_body",
        "founded_on",
        "dissolved_on",
        "monthly_stipend",
    ]
    export_headings = {
        "ward.province.name": _("Tỉnh, thành phố"),
        "ward.code": _("Mã xã"),
        "ward.name": _("Xã, phường"),
    }
    export_filename = "to-cong-nghe-so"
    inspect_view_fields = [
        "name",
        "level",
        "ward",
        "hamlet",
        "status",
        "decision_number",
        "decision_date",
        "decision_body",
        "founded_on",
        "dissolved_on",
        "monthly_stipend",
    ]

    def get_form_class(self, for_update=False):
        return TeamForm

    def get_urlpatterns(self):
        from .admin_views import membership_add_view, membership_leave_view, team_dissolve_view

        return [
            *super().get_urlpatterns(),
            path("<int:pk>/them-thanh-vien/", membership_add_view, name="membership_add"),
            path(
                "<int:pk>/roi-to/<int:membership_pk>/",
                membership_leave_view,
                name="membership_leave",
            ),
            path("<int:pk>/giai-the/", team_dissolve_view, name="dissolve"),
        ]

    def get_queryset(self, request):
        return CommunityTeam.objects.select_related("ward__province", "hamlet")


# --- Members -----------------------------------------------------------------------------------


class PersonalColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is None or not officer_may_see_personal_data(request.user):
            context["value"] = mask_digits(context["raw_value"]) if context["raw_value"] else ""
        return context


class MemberIndexView(SearchIndexView):
    # Exports of people are logged by ScopedIndexView (lms.accounts.viewsets).
    export_contains_personal_data = True

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm("teams.add_member"):
            buttons.append(
                Button(
                    _("Nhập danh sách từ Excel"),
                    url=reverse("teams_member:import"),
                    icon_name="upload",
                    priority=30,
                )
            )
        return buttons

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if not officer_may_see_personal_data(self.request.user):
            for field in PERSONAL_FIELDS:
                if row.get(field):
                    row[field] = MASK if field == "date_of_birth" else mask_digits(row[field])
        return row


class MemberInspectView(ScopedInspectView):
    template_name = "teams/admin/member_inspect.html"

    def get_field_display_value(self, field_name, field):
        if field_name in PERSONAL_FIELDS and not self.personal_visible:
            value = getattr(self.object, field_name)
            if not value:
                return "-"
            return MASK if field_name == "date_of_birth" else mask_digits(value)
        return super().get_field_display_value(field_name, field)

    @cached_property
    def personal_visible(self):
        return personal_data_visible(self.request.user, self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.object.memberships.select_related("team__ward").order_by(
            "-joined_on"
        )
        # Training history lives in the attendance app; the member's page is where officers
        # look for it, so it is read here through that app's selectors.
        from courses.attendance.selectors import (
            member_attendance_history,
            member_attendance_summary,
        )

        context["attendance_history"] = member_attendance_history(member=self.object)[:50]
        context["attendance_summary"] = member_attendance_summary(member=self.object)
        return context


class MemberViewSet(ScopedModelViewSet):
    model = Member
    icon = "user"
    menu_label = _("Thành viên")
    url_prefix = "to-cong-nghe/thanh-vien"
    url_namespace = "teams_member"
    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = MemberFilterSet
    list_export = [
        "full_name",
        "gender",
        "date_of_birth",
        "phone",
        "email",
        "cccd",
        "ward.name",
        "affiliation",
        "it_qualification",
        "it_major",
        "public_consent",
    ]
    export_headings = {"ward.name": _("Xã, phường")}
    export_filename = "thanh-vien-to-cong-nghe-so"
    inspect_view_fields = [
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
        "public_consent",
        "public_consent_at",
        "needs_review",
    ]

    @cached_property
    def list_display(self):
        return [
            "full_name",
            PersonalColumn("phone", label=_("Số điện thoại")),
            "ward",
            "affiliation",
            "it_qualification",
        ]

    def get_form_class(self, for_update=False):
        return MemberForm

    def get_queryset(self, request):
        return Member.objects.select_related("ward__province")

    def get_urlpatterns(self):
        from .views import member_import_template_view, member_import_view

        return [
            *super().get_urlpatterns(),
            path("nhap/", member_import_view, name="import"),
            path("nhap/mau.xlsx", member_import_template_view, name="import_template"),
        ]


class TeamsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Tổ công nghệ số")
    menu_icon = "group"
    menu_order = 200
    items = (TeamViewSet, MemberViewSet, HamletViewSet, WardViewSet, ProvinceViewSet)
