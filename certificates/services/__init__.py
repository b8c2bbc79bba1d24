"""Write flows for certificates: templates, issue (one or in bulk), revoke, reissue, store the
PDF, anonymise. Views, admin screens, tasks and commands only call these.

``issue`` holds the single-certificate flows, ``bulk`` the bulk jobs; everything is imported
from ``certificates.services``.
"""

from ..jobs import bulk_issue_job_run
from .bulk import (
    bulk_issue_job_create,
    bulk_issue_job_enqueue,
    bulk_issue_job_recover,
    bulk_issue_jobs_recover,
    bulk_issue_watchdog_run,
    bulk_issue_watchdog_schedule,
    certificates_bulk_issue,
    certificates_bulk_issue_enqueue,
)
from .issue import (
    CertificateNotEligible,
    certificate_issue,
    certificate_pdf_ensure,
    certificate_pdf_outdated,
    certificate_pdf_read,
    certificate_reissue,
    certificate_revoke,
    certificate_template_create,
    certificate_template_delete,
    certificate_template_update,
    certificates_anonymise_holder,
)

__all__ = [
    "CertificateNotEligible",
    "bulk_issue_job_create",
    "bulk_issue_job_enqueue",
    "bulk_issue_job_recover",
    "bulk_issue_job_run",
    "bulk_issue_jobs_recover",
    "bulk_issue_watchdog_run",
    "bulk_issue_watchdog_schedule",
    "certificate_issue",
    "certificate_pdf_ensure",
    "certificate_pdf_outdated",
    "certificate_pdf_read",
    "certificate_reissue",
    "certificate_revoke",
    "certificate_template_create",
    "certificate_template_delete",
    "certificate_template_update",
    "certificates_anonymise_holder",
    "certificates_bulk_issue",
    "certificates_bulk_issue_enqueue",
]
