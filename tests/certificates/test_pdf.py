"""The certificate PDF: Vietnamese text extractable, font embedded, QR decodes to the URL,
stored once, ZIP download."""

import io
import shutil
import subprocess
import unicodedata
import zipfile

import pytest
import segno
from django.urls import reverse

from certificates.models import Certificate
from certificates.pdf import body_html, certificate_facts, qr_data_uri, template_sample_pdf
from certificates.services import certificate_issue, certificate_pdf_ensure
from lms.accounts.models import ExportLog
from tests.factories.accounts import WardOfficerFactory
from tests.factories.teams import MemberFactory

from .conftest import complete

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed",
)
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools missing")


def pdf_text(data, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(out.split())


class CertificatePDFTests:
    @needs_poppler
    def test_text_is_extractable_vietnamese(self, site_pages, course, ward, admin, tmp_path):
        decomposed = unicodedata.normalize("NFD", "Trần Thị Ngọc Ánh")
        member = MemberFactory(full_name="x", ward=ward)
        # Bypass the NFC field, as an old import or raw SQL might have stored it.
        type(member).objects.filter(pk=member.pk).update(full_name=decomposed)
        member.refresh_from_db()
        complete(member, course)
        certificate = certificate_issue(member=member, course=course, by=admin)
        data = certificate_pdf_ensure(certificate=certificate).pdf.read()
        text = pdf_text(data, tmp_path)
        assert "Trần Thị Ngọc Ánh" in text
        assert "Kỹ năng số cơ bản" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "GIẤY CHỨNG NHẬN" in text
        assert f"Số: {certificate.number}" in text
        assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
        assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
        issued = certificate.issued_on
        assert f"Cần Thơ, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}" in text

    def test_font_is_embedded(self, certificate):
        data = certificate_pdf_ensure(certificate=certificate).pdf.read()
        assert data.startswith(b"%PDF")
        assert b"BeVietnamPro-Regular" in data
        assert b"/FontFile2" in data  # the TrueType program itself is in the file

    @needs_poppler
    @needs_zbar
    def test_qr_decodes_to_the_public_verification_url(self, certificate, tmp_path):
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
        # The verify address, then the signed offline payload after "#" (issue 20.3).
        url, _, payload = decoded.partition("#")
        assert url == f"http://testserver/chung-nhan/tra-cuu/{certificate.code}/"
        assert payload.count(".") == 2  # a compact JWS

    def test_qr_payload_is_the_absolute_url(self, certificate):
        facts = certificate_facts(certificate)
        assert facts.verify_url.partition("#")[0] == (
            f"http://testserver{certificate.get_absolute_url()}"
        )
        expected = segno.make(facts.verify_url, error="m", micro=False, mask=0)
        out = io.BytesIO()
        expected.save(out, kind="png", scale=4, border=4)
        import base64

        assert qr_data_uri(facts.verify_url).endswith(base64.b64encode(out.getvalue()).decode())

    def test_stored_once_regenerated_only_when_asked(self, certificate):
        certificate_pdf_ensure(certificate=certificate)
        first = Certificate.objects.get(pk=certificate.pk)
        assert first.pdf.name.startswith(f"certificates/{certificate.year}/")
        again = certificate_pdf_ensure(certificate=first)
        assert again.pdf.name == first.pdf.name
        assert again.pdf_generated_at == first.pdf_generated_at
        old_name = first.pdf.name
        regenerated = certificate_pdf_ensure(certificate=first, regenerate=True)
        assert regenerated.pdf.name != old_name
        assert Certificate.objects.get(pk=certificate.pk).pdf.name == regenerated.pdf.name
        assert not regenerated.pdf.storage.exists(old_name)

    @needs_poppler
    def test_template_preview_renders_a_sample(self, template, tmp_path):
        text = pdf_text(template_sample_pdf(template), tmp_path)
        assert "Nguyễn Thị Hồng Nhung" in text
        assert "GCN-SKHCN" in text


class BodyTests:
    def test_placeholders_are_filled_and_escaped(self, certificate):
        facts = certificate_facts(certificate)
        html = body_html("{ho_ten} <script>x</script> {so_gio} giờ, số {so} {khong_co}", facts)
        assert "<b>Nguyễn Thị Hồng Nhung</b>" in html
        assert "&lt;script&gt;" in html
        assert "8 giờ" in html
        assert certificate.number in html
        assert "{khong_co}" in html  # an unknown placeholder stays visible in the preview

    def test_no_attribute_access_through_placeholders(self, certificate):
        html = body_html("{ho_ten.__class__}", certificate_facts(certificate))
        assert html == "{ho_ten.__class__}"


class ZipTests:
    def test_zip_of_a_course_in_scope_generates_missing_pdfs_and_logs(
        self, client, site_pages, course, ward, admin
    ):
        members = [MemberFactory(ward=ward, full_name=f"Lê Văn Bình {i}") for i in range(3)]
        other = MemberFactory()  # another ward
        for m in [*members, other]:
            complete(m, course)
            certificate_issue(member=m, course=course, by=admin)
        ward_officer = WardOfficerFactory(ward=ward)
        from lms.accounts.groups import groups_sync

        groups = groups_sync()
        ward_officer.groups.add(groups["ward_officer"])
        client.force_login(ward_officer)
        response = client.get(reverse("certificates_admin:zip") + f"?course={course.pk}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = [name for name in archive.namelist() if name != "danh-sach.csv"]
        assert len(names) == 3  # not the other ward's certificate
        assert all(archive.read(n).startswith(b"%PDF") for n in names)
        assert all(n.endswith(".pdf") and "/" not in n for n in names)
        assert Certificate.objects.exclude(pdf="").count() == 3
        log = ExportLog.objects.get()
        assert (log.export, log.row_count, log.user) == ("certificates_zip", 3, ward_officer)


class TemplateImagesTests:
    def test_signature_seal_and_background_are_drawn(self, certificate):
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file

        Image = get_image_model()
        template = certificate.template
        for field in ("signature_image", "seal_image", "background_image"):
            setattr(
                template,
                field,
                Image.objects.create(title=field, file=get_test_image_file(f"{field}.png")),
            )
        template.save()
        certificate.refresh_from_db()
        data = certificate_pdf_ensure(certificate=certificate).pdf.read()
        # Three images plus the QR code, as image XObjects.
        assert data.count(b"/Subtype /Image") >= 4
