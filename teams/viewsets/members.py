"""Members: personal data masked in the listing, its export and the inspect page.

The export has the member import's columns, headed as the import template heads them (with
the hamlet, role and joining date of the person's team), so an officer can export their list,
correct it in Excel and import it back.
"""

from django.db.models import Prefetch
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.scoping import personal_data_visible
from lms.accounts.viewsets import ImportButtonMixin, ScopedInspectView, ScopedModelViewSet
from lms.core.text import mask_digits

from ..admin_views import MemberCreateView, MemberDeleteView, MemberEditView
from ..filters import MemberFilterSet
from ..forms import MemberForm
from ..models import Member, Membership
from ..spreadsheets import COLUMNS
from .common import (
    MASK,
    PERSONAL_FIELDS,
    PersonalColumn,
    RelatedColumnsViewSetMixin,
    SearchIndexView,
    officer_may_see_personal_data,
)

# Apps above teams add sections to a member's admin page through this hook: each function is
# called as ``fn(request, member)`` and returns None or a panel, a dict with the ``template``
# to include (rendered with ``panel`` bound to the dict) and the values it shows.
MEMBER_INSPECT_PANELS_HOOK = "teams_member_inspect_panels"


class MemberIndexView(ImportButtonMixin, SearchIndexView):
    # Exports of people are logged by ScopedIndexView (lms.accounts.viewsets).
    export_contains_personal_data = True

    import_permission = "teams.add_member"
    import_label = _("Nhập danh sách từ Excel")
    import_url_name = "teams_member:import"

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.is_export:
            return queryset
        # One query for every row's team: the open hamlet-level memberships, oldest first.
        return queryset.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(left_on__isnull=True, team__hamlet__isnull=False)
                .select_related("team__hamlet")
                .order_by("joined_on", "pk"),
                to_attr="open_hamlet_memberships",
            )
        )

    @staticmethod
    def _membership(item):
        memberships = getattr(item, "open_hamlet_memberships", None) or []
        return memberships[0] if memberships else None

    def export_hamlet(self, item):
        membership = self._membership(item)
        return str(membership.team.hamlet) if membership else ""

    def export_role(self, item):
        membership = self._membership(item)
        return membership.get_role_display() if membership else ""

    def export_joined_on(self, item):
        membership = self._membership(item)
        return membership.joined_on if membership else None

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
        # Training history and the like belong to apps above this one: they hook in.
        panels = (
            fn(self.request, self.object) for fn in hooks.get_hooks(MEMBER_INSPECT_PANELS_HOOK)
        )
        context["member_panels"] = [panel for panel in panels if panel]
        return context


class MemberViewSet(RelatedColumnsViewSetMixin, ScopedModelViewSet):
    model = Member
    list_select_related = ("ward__province",)
    icon = "user"
    menu_label = _("Thành viên")
    url_prefix = "to-cong-nghe/thanh-vien"
    url_namespace = "teams_member"
    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    delete_view_class = MemberDeleteView
    inspect_view_class = MemberInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = MemberFilterSet
    # The member import's columns, in its template's order (teams.spreadsheets.COLUMNS).
    list_export = [
        "full_name",
        "date_of_birth",
        "gender",
        "phone",
        "email",
        "cccd",
        "role",
        "affiliation",
        "it_qualification",
        "it_major",
        "hamlet",
        "ward.name",
        "ward.province.name",
        "joined_on",
        "public_consent",
    ]
    export_headings = {
        **{key: COLUMNS[key] for key in ("role", "hamlet", "joined_on")},
        "ward.name": COLUMNS["ward"],
        "ward.province.name": COLUMNS["province"],
    }
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

    def get_urlpatterns(self):
        from ..views import member_import_template_view, member_import_view

        return [
            *super().get_urlpatterns(),
            path("nhap/", member_import_view, name="import"),
            path("nhap/mau.xlsx", member_import_template_view, name="import_template"),
        ]
