"""The public base URL on printed documents: the certificate's QR code and link carry
LMS_PUBLIC_BASE_URL, a stored PDF made under another address is rebuilt on download, and the
activation slip PDF has the same QR code as the HTML slips."""

from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_pdf_ensure
from lms.accounts.groups import groups_sync
from lms.accounts.services import user_role_groups_sync
from tests.factories.accounts import WardOfficerFactory
from tests.factories.teams import MemberFactory

from .pdftools import needs_poppler, needs_zbar, page_text, qr_codes

LAN = "http://10.0.0.5:8123"


@needs_poppler
@needs_zbar
def test_downloaded_certificate_qr_decodes_to_the_public_address(
    client, settings, certificate, admin
):
    settings.LMS_PUBLIC_BASE_URL = LAN
    client.force_login(admin)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200
    expected = f"{LAN}/chung-nhan/tra-cuu/{certificate.code}/"
    # The address, then the signed offline payload after "#" (issue 20.3).
    assert [code.partition("#")[0] for code in qr_codes(response.content)] == [expected]
    assert f"Tra cứu: {expected}" in page_text(response.content)


@needs_poppler
@needs_zbar
def test_stored_pdf_from_another_address_is_rebuilt_on_download(
    client, settings, certificate, admin
):
    settings.LMS_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    stored = certificate_pdf_ensure(certificate=certificate)
    old_name = stored.pdf.name
    assert Certificate.objects.get(pk=certificate.pk).pdf_base_url == "http://127.0.0.1:8000"

    settings.LMS_PUBLIC_BASE_URL = LAN
    client.force_login(admin)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert [code.partition("#")[0] for code in qr_codes(response.content)] == [
        f"{LAN}/chung-nhan/tra-cuu/{certificate.code}/"
    ]
    rebuilt = Certificate.objects.get(pk=certificate.pk)
    assert rebuilt.pdf_base_url == LAN
    assert rebuilt.pdf.name != old_name
    assert not rebuilt.pdf.storage.exists(old_name)

    # Same address again: the stored file is served as it is.
    client.get(reverse("certificates:download", args=[certificate.code]))
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == rebuilt.pdf.name


def test_service_keeps_a_pdf_made_under_the_current_address(settings, certificate):
    settings.LMS_PUBLIC_BASE_URL = LAN
    first = certificate_pdf_ensure(certificate=certificate)
    again = certificate_pdf_ensure(certificate=Certificate.objects.get(pk=certificate.pk))
    assert again.pdf.name == first.pdf.name
    settings.LMS_PUBLIC_BASE_URL = "https://hoc.example.vn"
    moved = certificate_pdf_ensure(certificate=Certificate.objects.get(pk=certificate.pk))
    assert moved.pdf.name != first.pdf.name
    assert moved.pdf_base_url == "https://hoc.example.vn"


@needs_poppler
@needs_zbar
def test_activation_slip_pdf_has_the_qr_code_of_the_html_slips(client, settings, ward):
    settings.LMS_PUBLIC_BASE_URL = LAN
    groups_sync()
    officer = WardOfficerFactory(ward=ward)
    user_role_groups_sync(user=officer)
    member = MemberFactory(ward=ward, full_name="Trần Thị Mai", phone="0912000005")
    client.force_login(officer)
    slips = "/admin/accounts/activation/"
    html = client.post(slips, {"member": [member.pk]})
    assert f"{LAN}/accounts/kich-hoat/" in html.content.decode()
    response = client.post(slips, {"member": [member.pk], "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert qr_codes(response.content) == [f"{LAN}/accounts/kich-hoat/"]
    assert f"{LAN}/accounts/kich-hoat/" in page_text(response.content)
