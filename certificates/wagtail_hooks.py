"""Admin screens: templates (snippet with a PDF preview), issued certificates (scoped listing,
inspect with revoke / reissue / PDF, CSV/XLSX export logged), bulk issue jobs (progress).

Certificates are never added, edited or deleted through the generic views: issuing,
revoking and reissuing are services with their own screens (``admin_views``), and the
permission policy answers "no" to add, change and delete for everyone, superusers included.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.viewsets import ScopedIndexView, ScopedInspectView, ScopedModelViewSet

from . import admin_views
from .choices import BulkJobStatus, CertificateStatus
from .filters import BulkIssueJobFilterSet, CertificateFilterSet
from .models import BulkIssueJob, Certificate, CertificateTemplate


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """The model's "view" permission as usual; "add", "change" and "delete" never through the
    generic views (the actions check the Django permissions themselves)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if a not in ("add", "change", "delete")]
        if not actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(actions)


register_permission_policy(Certificate, ViewOnlyPermissionPolicy(Certificate))
register_permission_policy(BulkIssueJob, ViewOnlyPermissionPolicy(BulkIssueJob))


class _ReadOnlyScopedViewSet(ScopedModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = []

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


# --- certificates ----------------------------------------------------------------------------


class CertificateIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course")

    @property
    def header_buttons(self):
        buttons = []
        user = self.request.user
        if user.has_perm(admin_views.ISSUE_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Cấp một giấy"), url=reverse("certificates_admin:issue"), icon_name="plus"
                )
            )
            buttons.append(
                HeaderButton(
                    _("Cấp hàng loạt"), url=reverse("certificates_admin:bulk"), icon_name="plus"
                )
            )
        course = self.request.GET.get("course")
        if course and course.isdigit():
            buttons.append(
                HeaderButton(
                    _("Tải ZIP của khóa học"),
                    url=f"{reverse('certificates_admin:zip')}?course={course}",
                    icon_name="download",
                )
            )
        return buttons


class CertificateInspectView(ScopedInspectView):
    template_name = "certificates/admin/certificate_inspect.html"

    def get_header_more_buttons(self):
        buttons = []
        certificate = self.object
        user = self.request.user
        if not certificate.holder_anonymised:
            buttons.append(
                Button(
                    _("Tải PDF"),
                    url=reverse("certificates:download", args=[certificate.code]),
                    icon_name="download",
                    priority=10,
                )
            )
        buttons.append(
            Button(
                _("Trang tra cứu công khai"),
                url=certificate.get_absolute_url(),
                icon_name="link-external",
                priority=20,
            )
        )
        if user.has_perm(admin_views.CHANGE_PERMISSION):
            if certificate.status == CertificateStatus.VALID:
                buttons.append(
                    Button(
                        _("Cấp lại"),
                        url=reverse("certificates_admin:reissue", args=[certificate.pk]),
                        icon_name="resubmit",
                        priority=30,
                    )
                )
                buttons.append(
                    Button(
                        _("Thu hồi"),
                        url=reverse("certificates_admin:revoke", args=[certificate.pk]),
                        icon_name="cross",
                        priority=40,
                    )
                )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_change = self.request.user.has_perm(admin_views.CHANGE_PERMISSION)
        context["can_change"] = can_change
        context["can_regenerate"] = can_change and not self.object.holder_anonymised
        return context


class CertificateViewSet(_ReadOnlyScopedViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Giấy chứng nhận")
    url_prefix = "certificates/issued"
    url_namespace = "certificates_certificate"
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    filterset_class = CertificateFilterSet
    search_fields = ["number", "holder_name", "code"]
    search_backend_name = None
    list_display = [
        "number",
        "holder_name",
        "course_title",
        "holder_ward_name",
        DateColumn("issued_on", label=_("Ngày cấp")),
        Column("public_status", label=_("Trạng thái"), accessor="get_public_status_display"),
    ]
    list_export = [
        "number",
        "holder_name",
        "holder_birth_date",
        "holder_team_name",
        "holder_ward_name",
        "course_code",
        "course_title",
        "course_hours",
        "issuing_body_name",
        "issued_on",
        "expires_on",
        "get_public_status_display",
        "revoked_reason",
        "code",
    ]
    export_headings = {"get_public_status_display": _("Trạng thái")}
    export_filename = "giay-chung-nhan"
    inspect_view_fields = [
        "number",
        "status",
        "holder",
        "holder_name",
        "holder_birth_date",
        "holder_team_name",
        "holder_ward_name",
        "holder_anonymised",
        "course",
        "course_title",
        "course_hours",
        "session",
        "issuing_body_name",
        "issued_on",
        "expires_on",
        "issued_by",
        "bulk_job",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "replaces",
        "code",
        "pdf_generated_at",
    ]

    def get_queryset(self, request):
        return Certificate.objects.select_related("course")


# --- bulk jobs -------------------------------------------------------------------------------


class BulkIssueJobInspectView(ScopedInspectView):
    template_name = "certificates/admin/job_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_resume"] = self.request.user.has_perm(
            admin_views.ISSUE_PERMISSION
        ) and self.object.status in (BulkJobStatus.FAILED, BulkJobStatus.RUNNING)
        return context


class BulkIssueJobViewSet(_ReadOnlyScopedViewSet):
    model = BulkIssueJob
    icon = "tasks"
    menu_label = _("Đợt cấp hàng loạt")
    url_prefix = "certificates/bulk-jobs"
    url_namespace = "certificates_bulkissuejob"
    inspect_view_class = BulkIssueJobInspectView
    filterset_class = BulkIssueJobFilterSet
    list_display = [
        "course",
        "session",
        "status",
        "total",
        "done",
        "errors",
        DateColumn("created_at", label=_("Tạo lúc")),
    ]
    inspect_view_fields = [
        "course",
        "session",
        "status",
        "total",
        "done",
        "errors",
        "error_log",
        "requested_by",
        "scope_province",
        "scope_ward",
        "created_at",
        "started_at",
        "finished_at",
        "task_id",
    ]

    def get_queryset(self, request):
        return BulkIssueJob.objects.select_related("course", "session")


# --- templates -------------------------------------------------------------------------------


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-empty"
    menu_label = _("Mẫu giấy chứng nhận")
    url_prefix = "certificates/templates"
    list_display = ["name", "issuing_body", "number_suffix", "validity_months"]
    search_fields = ["name", "issuing_body", "number_suffix"]
    search_backend_name = None
    copy_view_enabled = True


class CertificatesGroup(ViewSetGroup):
    items = (CertificateViewSet, BulkIssueJobViewSet, CertificateTemplateViewSet)
    menu_label = _("Chứng nhận")
    menu_icon = "doc-full"
    menu_order = 320


@hooks.register("register_admin_viewset")
def register_certificates_viewsets():
    return CertificatesGroup()


@hooks.register("register_admin_urls")
def register_certificates_admin_urls():
    urls = [
        path("issue/", admin_views.IssueView.as_view(), name="issue"),
        path("bulk/", admin_views.BulkIssueView.as_view(), name="bulk"),
        path("bulk/<int:pk>/resume/", admin_views.BulkResumeView.as_view(), name="bulk_resume"),
        path("zip/", admin_views.ZipDownloadView.as_view(), name="zip"),
        path("<int:pk>/revoke/", admin_views.RevokeView.as_view(), name="revoke"),
        path("<int:pk>/reissue/", admin_views.ReissueView.as_view(), name="reissue"),
        path("<int:pk>/regenerate/", admin_views.RegeneratePDFView.as_view(), name="regenerate"),
    ]
    return [
        path(
            "certificates/actions/",
            include((urls, "certificates_admin"), namespace="certificates_admin"),
        )
    ]
