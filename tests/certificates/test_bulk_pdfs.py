"""After a bulk issue the worker makes and signs every new certificate's PDF (issue 20.5), in
chunks that several workers can share; a PDF already made is not made again."""

import pytest

from certificates.choices import CertificateStatus
from certificates.jobs import bulk_pdfs_make
from certificates.models import Certificate
from certificates.services import certificates_bulk_issue_enqueue
from lms.core.signing.verify import check_pdf

from .test_bulk import completed_members


@pytest.fixture
def bulk_pdfs(settings):
    settings.LMS_BULK_PDFS = True
    settings.LMS_BULK_PDF_CHUNK = 2  # 5 certificates: three tasks


def test_bulk_issue_leaves_signed_pdfs(
    bulk_pdfs, course, ward, admin, django_capture_on_commit_callbacks
):
    completed_members(course, ward, 5)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_bulk_issue_enqueue(course=course, by=admin)
    certificates = list(Certificate.objects.filter(course=course, status=CertificateStatus.VALID))
    assert len(certificates) == 5
    for certificate in certificates:
        assert certificate.pdf, certificate.number
        assert certificate.pdf_signed_at is not None
        assert certificate.pdf_signed_by
    with certificates[0].pdf.open("rb") as handle:
        check = check_pdf(handle.read())
    assert check.signed and check.intact and check.whole_document


def test_pdfs_already_made_are_not_made_again(bulk_pdfs, course, ward, admin):
    completed_members(course, ward, 2)
    certificates_bulk_issue_enqueue(course=course, by=admin)
    numbers = list(Certificate.objects.filter(course=course).values_list("number", flat=True))
    assert bulk_pdfs_make(numbers=numbers) in (0, 2)  # made by the queued tasks or now
    assert bulk_pdfs_make(numbers=numbers) == 0
