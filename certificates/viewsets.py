"""The admin ViewSets: templates (snippet with a PDF preview), issued certificates (scoped
listing, inspect with revoke / reissue / PDF, CSV/XLSX export logged), bulk issue jobs
(progress). ``wagtail_hooks`` registers them; the screens beyond list and inspect are in
``admin_views``.

Certificates are never added, edited or deleted through the generic views: issuing,
revoking and reissuing are services with their own screens (``admin_views``), and the
permission policy (``lms.accounts.permissions.ReadOnlyPermissionPolicy``) answers "no" to
add, change and delete for everyone, superusers included. Templates are written through the
generic views, which call the template services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.utils.decorators import xframe_options_sameorigin_override

from lms.accounts.viewsets import (
    ReadOnlyScopedModelViewSet,
    ScopedIndexView,
    ScopedInspectView,
    ServiceDeleteBulkAction,
    ServiceFormMixin,
)

from . import admin_views
from .choices import BulkJobStatus, CertificateStatus
from .filters import BulkIssueJobFilterSet, CertificateFilterSet
from .jobs import bulk_job_unclaimed
from .models import BulkIssueJob, Certificate, CertificateTemplate
from .pdf import template_sample_pdf
from .services import (
    bulk_issue_job_recover,
    bulk_issue_jobs_recover,
    certificate_template_create,
    certificate_template_delete,
    certificate_template_update,
)

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
            url = f"{reverse('certificates_admin:zip')}?course={course}"
            buttons.append(HeaderButton(_("Tải ZIP của khóa học"), url=url, icon_name="download"))
            # Expired certificates are left out of the ZIP unless asked for (``downloads``).
            buttons.append(
                HeaderButton(
                    _("Tải ZIP (gồm giấy đã hết hạn)"), url=f"{url}&het_han=1", icon_name="download"
                )
            )
        return buttons


class CertificateInspectView(ScopedInspectView):
    template_name = "certificates/admin/certificate_inspect.html"

    def get_header_more_buttons(self):
        certificate = self.object
        changeable = certificate.status == CertificateStatus.VALID and self.request.user.has_perm(
            admin_views.CHANGE_PERMISSION
        )
        # (label, url, icon, shown), in the order of the menu.
        rows = [
            (
                _("Tải PDF"),
                reverse("certificates:download", args=[certificate.code]),
                "download",
                not certificate.holder_anonymised,
            ),
            (
                _("Trang tra cứu công khai"),
                certificate.get_absolute_url(),
                "link-external",
                True,
            ),
            (
                _("Cấp lại"),
                reverse("certificates_admin:reissue", args=[certificate.pk]),
                "resubmit",
                changeable,
            ),
            (
                _("Thu hồi"),
                reverse("certificates_admin:revoke", args=[certificate.pk]),
                "cross",
                changeable,
            ),
        ]
        return [
            Button(label, url=url, icon_name=icon, priority=10 * (index + 1))
            for index, (label, url, icon, shown) in enumerate(rows)
            if shown
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_change = self.request.user.has_perm(admin_views.CHANGE_PERMISSION)
        context["can_change"] = can_change
        context["can_regenerate"] = can_change and not self.object.holder_anonymised
        return context


class CertificateViewSet(ReadOnlyScopedModelViewSet):
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


class BulkIssueJobIndexView(ScopedIndexView):
    def get(self, request, *args, **kwargs):
        # A job whose worker died is noticed when anyone looks at the jobs.
        bulk_issue_jobs_recover()
        return super().get(request, *args, **kwargs)


class BulkIssueJobInspectView(ScopedInspectView):
    template_name = "certificates/admin/job_inspect.html"

    def get_object(self, queryset=None):
        # The page refreshes itself every 3 s while the job runs: a dead worker is noticed
        # here within seconds of the heartbeat bound.
        return bulk_issue_job_recover(job=super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unclaimed"] = bulk_job_unclaimed(self.object)
        context["can_resume"] = self.request.user.has_perm(
            admin_views.ISSUE_PERMISSION
        ) and self.object.status in (BulkJobStatus.FAILED, BulkJobStatus.RUNNING)
        return context


class BulkIssueJobViewSet(ReadOnlyScopedModelViewSet):
    model = BulkIssueJob
    icon = "tasks"
    menu_label = _("Đợt cấp hàng loạt")
    url_prefix = "certificates/bulk-jobs"
    url_namespace = "certificates_bulkissuejob"
    index_view_class = BulkIssueJobIndexView
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
        "heartbeat_at",
        "resumes",
        "task_id",
    ]

    def get_queryset(self, request):
        return BulkIssueJob.objects.select_related("course", "session")


# --- templates -------------------------------------------------------------------------------


def _template_fields(form):
    """What the validated form says about the template's own fields, for the service (the
    values ``form.save()`` would have written)."""
    names = {field.name for field in CertificateTemplate._meta.concrete_fields}
    return {name: getattr(form.instance, name) for name in form.cleaned_data if name in names}


class TemplateCreateView(ServiceFormMixin, snippet_views.CreateView):
    def save_instance(self):
        self.new_revision = None
        return certificate_template_create(by=self.request.user, **_template_fields(self.form))


class TemplateCopyView(CopyViewMixin, TemplateCreateView):
    pass


class TemplateEditView(ServiceFormMixin, snippet_views.EditView):
    def save_instance(self):
        self.new_revision = None
        return certificate_template_update(
            template=self.object, by=self.request.user, **_template_fields(self.form)
        )


class TemplateDeleteView(snippet_views.DeleteView):
    def delete_action(self):
        certificate_template_delete(template=self.object, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(self.get_success_url())


class TemplateDeleteBulkAction(ServiceDeleteBulkAction):
    """The listing's "delete selected": templates certificates were printed from are kept."""

    models = [CertificateTemplate]

    @staticmethod
    def delete(template, *, by):
        certificate_template_delete(template=template, by=by)


class _SamplePDFPreviewMixin:
    """The preview panel shows a sample certificate drawn with the unsaved form, as a PDF
    (rendered here rather than by the model's ``serve_preview``)."""

    @method_decorator(xframe_options_sameorigin_override)
    def get(self, request, *args, **kwargs):
        form = self.get_form(self._get_form_data(self._get_form_state()))
        if not self.validate_form(form):
            return self.error_response()
        form.save(commit=False)
        # Preview modes are the styles (CertificateTemplate.preview_modes); "" is the chosen one.
        style = request.GET.get("mode") or None
        response = HttpResponse(
            template_sample_pdf(self.object, request=request, style=style),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = 'inline; filename="giay-chung-nhan-mau.pdf"'
        patch_cache_control(response, private=True)
        return response


class TemplatePreviewOnCreateView(_SamplePDFPreviewMixin, snippet_views.PreviewOnCreateView):
    pass


class TemplatePreviewOnEditView(_SamplePDFPreviewMixin, snippet_views.PreviewOnEditView):
    pass


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-empty"
    menu_label = _("Mẫu giấy chứng nhận")
    url_prefix = "certificates/templates"
    list_display = ["name", "issuing_body", "number_suffix", "validity_months"]
    search_fields = ["name", "issuing_body", "number_suffix"]
    search_backend_name = None
    copy_view_enabled = True
    add_view_class = TemplateCreateView
    copy_view_class = TemplateCopyView
    edit_view_class = TemplateEditView
    delete_view_class = TemplateDeleteView
    preview_on_add_view_class = TemplatePreviewOnCreateView
    preview_on_edit_view_class = TemplatePreviewOnEditView


class CertificatesGroup(ViewSetGroup):
    items = (CertificateViewSet, BulkIssueJobViewSet, CertificateTemplateViewSet)
    menu_label = _("Chứng nhận")
    menu_icon = "doc-full"
    menu_order = 320
