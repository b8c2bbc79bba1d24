"""Registers the certificates admin: the ViewSets (``viewsets``), the permission policy that
keeps certificates and bulk jobs out of the generic add / edit / delete views, the templates'
bulk delete through the service, and the action screens (``admin_views``)."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.accounts.permissions import ReadOnlyPermissionPolicy

from . import admin_views
from .models import BulkIssueJob, Certificate
from .viewsets import CertificatesGroup, TemplateDeleteBulkAction

register_permission_policy(Certificate, ReadOnlyPermissionPolicy(Certificate))
register_permission_policy(BulkIssueJob, ReadOnlyPermissionPolicy(BulkIssueJob))

# After wagtail.snippets' own "delete" (order 0), so that this one wins for templates.
hooks.register("register_bulk_action", TemplateDeleteBulkAction, order=1)


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
