"""Certificates of completion (Giấy chứng nhận) and the templates they are printed from."""

from .bulk import BulkIssueJob
from .certificate import (
    Certificate,
    CertificateCounter,
    CertificateQuerySet,
    _new_code,
    _pdf_path,
    valid_on_q,
)
from .templates import DEFAULT_BODY, CertificateTemplate

__all__ = [
    "DEFAULT_BODY",
    "BulkIssueJob",
    "Certificate",
    "CertificateCounter",
    "CertificateQuerySet",
    "CertificateTemplate",
    "_new_code",  # the migrations name these two by their old module path
    "_pdf_path",
    "valid_on_q",
]
