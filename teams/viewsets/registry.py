"""Hamlets and teams: the registry screens whose writes go through ``teams.services``."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from lms.accounts.viewsets import ScopedInspectView, ScopedModelViewSet

from .. import selectors
from ..admin_views import (
    HamletCreateView,
    HamletDeleteView,
    HamletEditView,
    TeamCreateView,
    TeamDeleteView,
    TeamEditView,
    hamlet_merge_view,
    membership_add_view,
    membership_leave_view,
    team_dissolve_view,
)
from ..filters import HamletFilterSet, TeamFilterSet
from ..forms import HamletForm, TeamForm
from ..models import CommunityTeam, Hamlet
from .common import RelatedColumnsViewSetMixin, SearchIndexView, officer_may_see_personal_data
from .units import team_choices_view

# --- Hamlets -----------------------------------------------------------------------------------


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


class HamletViewSet(RelatedColumnsViewSetMixin, ScopedModelViewSet):
    model = Hamlet
    list_select_related = ("ward__province",)
    icon = "folder-open-1"
    menu_label = _("Thôn, tổ dân phố")
    url_prefix = "to-cong-nghe/thon"
    url_namespace = "teams_hamlet"
    index_view_class = SearchIndexView
    add_view_class = HamletCreateView
    edit_view_class = HamletEditView
    delete_view_class = HamletDeleteView
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
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/sap-nhap/", hamlet_merge_view, name="merge"),
        ]


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


class TeamViewSet(RelatedColumnsViewSetMixin, ScopedModelViewSet):
    model = CommunityTeam
    list_select_related = ("ward__province", "hamlet")
    add_view_class = TeamCreateView
    edit_view_class = TeamEditView
    delete_view_class = TeamDeleteView
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
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/them-thanh-vien/", membership_add_view, name="membership_add"),
            path(
                "<int:pk>/roi-to/<int:membership_pk>/",
                membership_leave_view,
                name="membership_leave",
            ),
            path("<int:pk>/giai-the/", team_dissolve_view, name="dissolve"),
            # Under the admin's URLs, so only signed-in staff reach it (Wagtail's admin access).
            path("chon.json", team_choices_view, name="choices"),
        ]
