"""The QR code's signed payload for offline checking (issue 20, item 3), and the credential
files attached to the PDF. Verified with PyJWT and the published JWKS, never with the signer."""

import shutil
import subprocess
import time

import jwt
import pytest
import segno
from django.urls import reverse

from certificates.credentials.keys import key_file_create
from certificates.pdf import certificate_facts, pdf_context, sample_facts
from certificates.services import certificate_pdf_ensure
from lms.core.signing import Attachment

needs_pdf_tools = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None,
    reason="poppler-utils or zbar-tools missing",
)


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path_factory):
    path = tmp_path_factory.getbasetemp() / "offline-active.pem"
    key_file_create(path)
    settings.LMS_CREDENTIAL_KEY_FILE = str(path)
    settings.LMS_CREDENTIAL_RETIRED_KEY_FILES = []
    return path


def verify_payload(client, token):
    kid = jwt.get_unverified_header(token)["kid"]
    keys = jwt.PyJWKSet.from_dict(client.get(reverse("credentials:jwks")).json())
    key = next(k for k in keys.keys if k.key_id == kid)
    return jwt.decode(token, key=key, algorithms=["EdDSA"])


class QRPayloadTests:
    def test_qr_url_carries_a_signed_payload_in_the_fragment(self, client, certificate):
        url = certificate_facts(certificate).verify_url
        page, _, token = url.partition("#")
        assert page == f"http://testserver{certificate.get_absolute_url()}"
        payload = verify_payload(client, token)
        assert payload == {
            "n": certificate.number,
            "h": "Nguyễn T** H*** Nhung",
            "c": "Kỹ năng số cơ bản",
            "i": certificate.issued_on.isoformat(),
        }
        assert jwt.get_unverified_header(token)["kid"]  # the issuer key id

    def test_tampered_payload_fails(self, client, certificate):
        token = certificate_facts(certificate).verify_url.partition("#")[2]
        header, payload, signature = token.split(".")
        forged = jwt.utils.base64url_encode(
            jwt.utils.base64url_decode(payload).replace(b"Nhung", b"Nhu*g")
        ).decode()
        with pytest.raises(jwt.InvalidSignatureError):
            verify_payload(client, f"{header}.{forged}.{signature}")

    def test_printed_text_and_previews_have_no_payload(self, certificate, template):
        context = pdf_context(certificate.template, certificate_facts(certificate))
        assert "#" not in context["verify_url"]
        # A template preview is not a certificate: nothing signed may come out of it.
        assert "#" not in sample_facts(template).verify_url

    def test_payload_stays_small_enough_to_print(self, certificate):
        url = certificate_facts(certificate).verify_url
        qr = segno.make(url, error="m", micro=False)
        # Measured in the report: version and length for a typical certificate.
        assert len(url) < 420
        assert qr.version <= 15

    @needs_pdf_tools
    def test_printed_qr_decodes_to_url_and_verifiable_payload(self, client, certificate, tmp_path):
        data = certificate_pdf_ensure(certificate=certificate).pdf.read()
        (tmp_path / "c.pdf").write_bytes(data)
        subprocess.run(
            # 120 dpi: about what a phone's photo of a whole A4 page gives (92 pt, the old
            # size, needed 150 dpi; 128 pt reads from 120).
            ["pdftoppm", "-r", "120", "-png", str(tmp_path / "c.pdf"), str(tmp_path / "page")],
            check=True,
        )
        page = next(tmp_path.glob("page*.png"))
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(page)],
            capture_output=True,
            text=True,
        ).stdout.strip()
        url, _, token = decoded.partition("#")
        assert url == f"http://testserver/chung-nhan/tra-cuu/{certificate.code}/"
        assert verify_payload(client, token)["n"] == certificate.number

    @needs_pdf_tools
    def test_a_long_address_and_title_still_read_from_a_phone_photo(
        self, settings, client, completed, course, admin
    ):
        """A province's real address and a long course title make the largest code printed
        (version 16): at 128 pt a module is 0.5 mm, and it decodes from 120 dpi."""
        from certificates.services import certificate_issue

        from .pdftools import qr_codes

        settings.LMS_PUBLIC_BASE_URL = "https://tocongngheso.cantho.gov.vn"
        course.title = "Kỹ năng số cơ bản cho Tổ công nghệ số cộng đồng: dịch vụ công trực tuyến"
        course.save_revision().publish()
        certificate = certificate_issue(member=completed, course=course, by=admin)
        url = certificate_facts(certificate).verify_url
        assert segno.make(url, error="m", micro=False).version >= 15
        data = certificate_pdf_ensure(certificate=certificate).pdf.read()
        (decoded,) = qr_codes(data, dpi=120)
        assert decoded == url

    def test_offline_page_and_worker(self, client, db):
        page = client.get(reverse("credentials:offline_check"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Quét để kiểm tra" in html and "verify-offline.js" in html
        worker = client.get(reverse("credentials:offline_worker"))
        assert worker["Content-Type"].startswith("text/javascript")
        body = worker.content.decode()
        assert reverse("credentials:offline_check") in body
        assert reverse("credentials:jwks") in body
        assert "__VERSION__" not in body


class PDFAttachmentTests:
    def test_credential_files_are_registered_for_the_pdf(self, client, certificate):
        pdf_attachments = pytest.importorskip("certificates.pdf_attachments")
        started = time.perf_counter()
        files = {a.name: a for a in pdf_attachments.attachments_for(certificate)}
        elapsed = time.perf_counter() - started
        assert isinstance(files["credential.json"], Attachment)
        assert files["credential.json"].mime == "application/ld+json"
        token = files["credential.jwt"].data.decode()
        assert verify_payload(client, token)["jti"].endswith(
            f"/tra-cuu/{certificate.code}/credential.json"
        )
        assert elapsed < 1.0


class SignedPDFTests:
    @pytest.mark.skipif(shutil.which("pdfdetach") is None, reason="poppler-utils missing")
    def test_pdf_carries_the_credential_files(self, client, certificate, tmp_path):
        pytest.importorskip("certificates.pdf_attachments")
        data = certificate_pdf_ensure(certificate=certificate).pdf.read()
        (tmp_path / "c.pdf").write_bytes(data)
        listing = subprocess.run(
            ["pdfdetach", "-list", str(tmp_path / "c.pdf")], capture_output=True, text=True
        ).stdout
        assert "credential.json" in listing and "credential.jwt" in listing
        subprocess.run(
            [
                "pdfdetach",
                "-savefile",
                "credential.jwt",
                "-o",
                str(tmp_path / "c.jwt"),
                str(tmp_path / "c.pdf"),
            ],
            check=True,
        )
        token = (tmp_path / "c.jwt").read_text()
        assert verify_payload(client, token)["jti"].endswith("/credential.json")

    def test_verify_page_shows_who_signed_and_when(self, client, certificate):
        from certificates import selectors

        if not hasattr(selectors, "signature_info"):
            pytest.skip("the PDF signing work is not installed")
        certificate_pdf_ensure(certificate=certificate)
        certificate.refresh_from_db()
        info = selectors.signature_info(certificate)
        html = client.get(certificate.get_absolute_url()).content.decode()
        if not info["signed"]:
            pytest.skip("PDF signing is switched off")
        assert "được ký số bởi" in html
        assert info["signed_by"] in html
