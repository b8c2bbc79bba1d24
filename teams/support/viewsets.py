"""The support log in the admin: a scoped listing with filters, inspect, correction and
(optionally) creation, every write through the services (one write path). No delete view and
no bulk delete: records are never deleted; a correction is an edit kept in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from lms.accounts.viewsets import (
    ImportButtonMixin,
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedModelViewSet,
    ServiceFormMixin,
)

from ..viewsets.paginator import BoundedCountPaginator
from .choices import OUTCOMES, SKILLS
from .filters import SupportRecordFilterSet
from .forms import SupportRecordAdminForm
from .models import SupportRecord
from .services import support_record_create, support_record_update

# The skills, the outcome counts and the optional gender and birth year: the record's figures.
FIGURES = [
    *[name for name, _label in SKILLS],
    *[name for name, _label in OUTCOMES],
    "citizen_gender",
    "citizen_birth_year",
]


class SupportRecordIndexView(ImportButtonMixin, ScopedIndexView):
    export_contains_personal_data = False  # counts, gender and birth year only: no identity

    import_permission = "support.add_supportrecord"
    import_label = _("Nhập từ phiếu tổng hợp (Excel)")
    import_url_name = "support_record:import"
    # Counts at most 10,001 rows; above that the database's estimate (3.5 M nationally).
    paginator_class = BoundedCountPaginator
    results_template_name = "teams/admin/listing_results.html"

    def get_base_queryset(self):
        # The viewset's get_queryset is not called by this Wagtail's listing: without this,
        # each row read its team (50 queries on page 1 nationally; issue 18.1).
        return (
            super()
            .get_base_queryset()
            .select_related("team__hamlet", "team__ward", "ward__province", "hamlet", "recorded_by")
        )


class SupportRecordCreateView(ServiceFormMixin, ScopedCreateView):
    def save_instance(self):
        form = self.form
        data = form.service_fields()
        try:
            record = support_record_create(
                team=form.cleaned_data["team"],
                by=self.request.user,
                helpers=form.cleaned_data["helpers"],
                **data,
            )
        except PermissionDenied as exc:
            raise ValidationError({"team": _g("Bạn không ghi nhận được cho tổ này.")}) from exc
        return self.saved(record)


class SupportRecordEditView(ServiceFormMixin, ScopedEditView):
    def save_instance(self):
        form = self.form
        try:
            record = support_record_update(
                record=self.object,
                by=self.request.user,
                helpers=form.cleaned_data["helpers"],
                **form.service_fields(),
            )
        except PermissionDenied as exc:
            raise ValidationError(_g("Bạn không sửa được lượt hỗ trợ này.")) from exc
        return self.saved(record)


class SupportRecordViewSet(ScopedModelViewSet):
    model = SupportRecord
    icon = "list-ul"
    menu_label = _("Nhật ký hỗ trợ")
    url_prefix = "ho-tro/nhat-ky"
    url_namespace = "support_record"
    index_view_class = SupportRecordIndexView
    add_view_class = SupportRecordCreateView
    edit_view_class = SupportRecordEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SupportRecordFilterSet
    list_display = ["date", "team", "place", "people", "is_tally", "recorded_by"]
    list_per_page = 50
    list_export = [
        "ward.province.name",
        "ward.name",
        "hamlet.name",
        "team.name",
        "date",
        "place",
        "people",
        "is_tally",
        *FIGURES,
        "note",
        "created_at",
    ]
    export_headings = {
        "ward.province.name": _("Tỉnh, thành phố"),
        "ward.name": _("Xã, phường"),
        "hamlet.name": _("Thôn, tổ dân phố"),
        "team.name": _("Tổ"),
    }
    export_filename = "nhat-ky-ho-tro-nguoi-dan"
    inspect_view_fields = [
        "team",
        "ward",
        "hamlet",
        "date",
        "place",
        "people",
        "is_tally",
        *FIGURES,
        "helpers",
        "note",
        "recorded_by",
        "created_at",
        "updated_at",
    ]

    def get_form_class(self, for_update=False):
        return SupportRecordAdminForm

    def get_queryset(self, request):
        return SupportRecord.objects.select_related(
            "team", "ward__province", "hamlet", "recorded_by"
        )

    def get_urlpatterns(self):
        from .views.imports import admin_import, admin_import_template

        # Nothing is deleted: the delete URL is not routed at all.
        patterns = [p for p in super().get_urlpatterns() if p.name != "delete"]
        return [
            *patterns,
            path("nhap/", admin_import, name="import"),
            path("nhap/mau.xlsx", admin_import_template, name="import_template"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        if "delete_url_name" in view_kwargs:
            view_kwargs["delete_url_name"] = None
        return view_kwargs


class SupportViewSetGroup(ViewSetGroup):
    menu_label = _("Hỗ trợ người dân")
    menu_icon = "help"
    menu_order = 210
    items = (SupportRecordViewSet,)
