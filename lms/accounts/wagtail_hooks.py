from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import admin_views
from .filters import AnonymisationRecordFilterSet, ExportLogFilterSet
from .models import AnonymisationRecord, ExportLog
from .permissions import AdministratorsReadOnlyPolicy, is_administrator
from .services import ISSUE_PERMISSION

register_permission_policy(ExportLog, AdministratorsReadOnlyPolicy(ExportLog))
register_permission_policy(AnonymisationRecord, AdministratorsReadOnlyPolicy(AnonymisationRecord))


class ReadOnlyViewSet(ModelViewSet):
    """Listing and inspect only: the add, edit and delete URLs are not even routed."""

    inspect_view_enabled = True
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]


class ExportLogViewSet(ReadOnlyViewSet):
    model = ExportLog
    icon = "download"
    menu_label = _("Nhật ký xuất dữ liệu")
    url_prefix = "accounts/export-log"
    list_display = ["created_at", "user", "export", "file_format", "row_count", "ip_address"]
    list_export = []
    filterset_class = ExportLogFilterSet
    inspect_view_fields = [
        "created_at",
        "user",
        "export",
        "file_format",
        "filters",
        "row_count",
        "ip_address",
    ]

    def get_queryset(self, request):
        return ExportLog.objects.select_related("user")


class AnonymisationRecordViewSet(ReadOnlyViewSet):
    model = AnonymisationRecord
    icon = "user"
    menu_label = _("Nhật ký ẩn danh hóa")
    url_prefix = "accounts/anonymisation-log"
    list_display = ["performed_at", "member_pk", "performed_by", "via"]
    filterset_class = AnonymisationRecordFilterSet
    inspect_view_fields = ["performed_at", "member_pk", "performed_by", "via"]

    def get_queryset(self, request):
        return AnonymisationRecord.objects.select_related("performed_by")


class PersonalDataGroup(ViewSetGroup):
    items = (ExportLogViewSet, AnonymisationRecordViewSet)
    menu_label = _("Dữ liệu cá nhân")
    menu_icon = "lock"
    menu_order = 900


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    return PersonalDataGroup()


@hooks.register("register_admin_urls")
def register_accounts_admin_urls():
    urls = [
        path(
            "activation/",
            admin_views.ActivationSlipsView.as_view(),
            name="activation_slips",
        ),
        path("anonymise/", admin_views.AnonymiseSearchView.as_view(), name="anonymise"),
        path(
            "anonymise/<int:member_id>/",
            admin_views.AnonymiseConfirmView.as_view(),
            name="anonymise_confirm",
        ),
    ]
    return [path("accounts/", include((urls, "accounts_admin"), namespace="accounts_admin"))]


class SlipsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ISSUE_PERMISSION)


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_slips_menu_item():
    return SlipsMenuItem(
        _("Phiếu kích hoạt tài khoản"),
        reverse("accounts_admin:activation_slips"),
        icon_name="key",
        order=850,
    )


@hooks.register("register_settings_menu_item")
def register_anonymise_menu_item():
    return AdministratorMenuItem(
        _("Ẩn danh hóa thành viên"),
        reverse("accounts_admin:anonymise"),
        icon_name="user",
        order=610,
    )
