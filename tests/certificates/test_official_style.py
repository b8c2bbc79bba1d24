"""The administrative-document style (Decree 30/2020) beside the original one: fonts embedded,
the quốc hiệu and tiêu ngữ with their rule, issuing body upper left, place and date line,
signer block with transparent seal and signature, optional border, and the admin preview
drawing either style."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from certificates.choices import Orientation
from certificates.models import CertificateTemplate
from certificates.models.templates import CertificateStyle
from certificates.pdf import certificate_pdf_bytes, rule_widths, template_sample_pdf

from .pdftools import first_page_png, fonts, needs_poppler, not_embedded, page_count, page_text


@pytest.fixture(autouse=True)
def _demo_key(settings, tmp_path_factory):
    settings.LMS_SIGNING_DIR = tmp_path_factory.getbasetemp() / "signing-style"
    settings.LMS_SIGNING_DEMO_KEY = True
    settings.LMS_SIGNING_KEYS = {}


def official(template, **changes):
    template.style = CertificateStyle.OFFICIAL
    for name, value in changes.items():
        setattr(template, name, value)
    template.save()
    return template


def transparent_png(name, colour):
    """A PNG with an alpha channel (a seal or signature scanned and cut out)."""
    from django.core.files.images import ImageFile
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 115, 115), outline=colour, width=8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return ImageFile(out, name=name)


def pdfimages_list(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout


@needs_poppler
@pytest.mark.parametrize("orientation", [Orientation.LANDSCAPE, Orientation.PORTRAIT])
def test_official_certificate_has_the_decree_30_parts_on_one_page(certificate, orientation):
    official(certificate.template, orientation=orientation)
    certificate.refresh_from_db()
    data = certificate_pdf_bytes(certificate)
    text = page_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND THÀNH PHỐ CẦN THƠ" in text and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    issued = certificate.issued_on
    assert f"Cần Thơ, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Lê Văn Ký" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert page_count(data) == 1
    # The issuing body's name sits upper left: its first word is left of the quốc hiệu.
    assert text.index("UBND THÀNH PHỐ CẦN THƠ") < text.index("GIẤY CHỨNG NHẬN")


@needs_poppler
def test_official_style_embeds_the_serif_and_only_embedded_fonts(certificate):
    official(certificate.template)
    certificate.refresh_from_db()
    data = certificate_pdf_bytes(certificate)
    names = [name for name, _embedded in fonts(data)]
    assert not_embedded(data) == []
    assert any(name.endswith("+LiberationSerif-Bold") for name in names)
    assert any(name.endswith("+LiberationSerif-Italic") for name in names)  # the date line
    assert not any("BeVietnamPro" in name for name in names)


def test_rules_follow_the_decree_lengths():
    motto, body = rule_widths("Sở Khoa học và Công nghệ")
    # The tiêu ngữ rule is as long as the line (13.5 pt bold, about 170 pt); the issuing
    # body's is 40% of its name, capped at half its column.
    assert 150 < float(motto) < 190
    assert 40 <= float(body) <= 145
    assert "," not in motto + body  # never a localised decimal point in the markup


@needs_poppler
def test_decorative_border_is_drawn_only_when_asked(template):
    def corner_ink(data):
        from PIL import Image

        image = Image.open(io.BytesIO(first_page_png(data, dpi=40))).convert("RGB")
        # Along the left edge, a third of the way down: inside the page margin.
        y = image.height // 3
        return [image.getpixel((x, y)) for x in range(0, image.width // 12)]

    def reddish(pixels):
        return any(r > 80 and r > g + 40 and r > b + 40 for r, g, b in pixels)

    official(template, decorative_border=False)
    assert not reddish(corner_ink(template_sample_pdf(template)))
    official(template, decorative_border=True)
    assert reddish(corner_ink(template_sample_pdf(template)))


@needs_poppler
@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="pdfimages missing")
def test_seal_and_signature_keep_their_transparency(certificate):
    from wagtail.images import get_image_model

    Image = get_image_model()
    template = official(
        certificate.template,
        seal_image=Image.objects.create(title="Dấu", file=transparent_png("dau.png", "red")),
        signature_image=Image.objects.create(
            title="Chữ ký", file=transparent_png("chu-ky.png", "blue")
        ),
    )
    certificate.refresh_from_db()
    listing = pdfimages_list(certificate_pdf_bytes(certificate))
    # Each transparent PNG becomes an image with its soft mask (alpha), as pdfimages lists.
    assert listing.count("smask") >= 2
    assert template.style == CertificateStyle.OFFICIAL


def test_preview_offers_one_mode_per_style(template):
    modes = [mode for mode, _label in template.preview_modes]
    assert modes == ["", CertificateStyle.MODERN, CertificateStyle.OFFICIAL]


@needs_poppler
def test_admin_preview_draws_both_styles(client, template, admin):
    client.force_login(admin)
    url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk]
    )
    data = {
        "name": template.name,
        "issuing_body_upper": template.issuing_body_upper,
        "issuing_body": template.issuing_body,
        "number_suffix": "GCN-XEM",
        "place_name": "Cần Thơ",
        "signer_name": "Lê Văn Ký",
        "signer_title": "GIÁM ĐỐC",
        "signing_form": "",
        "orientation": "landscape",
        "validity_months": "",
        "body": "Chứng nhận {ho_ten}.",
        "style": CertificateStyle.MODERN,
        "decorative_border": "on",
        "signing_key": "",
    }
    assert client.post(url, data).json()["is_valid"] is True
    faces = {}
    for mode in ("", CertificateStyle.MODERN, CertificateStyle.OFFICIAL):
        response = client.get(url, {"mode": mode} if mode else {})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        faces[mode] = " ".join(name for name, _e in fonts(response.content))
        assert "Nguyễn Thị Hồng Nhung" in page_text(response.content)
    assert "BeVietnamPro" in faces[""] and "BeVietnamPro" in faces[CertificateStyle.MODERN]
    assert "LiberationSerif" in faces[CertificateStyle.OFFICIAL]
    assert "BeVietnamPro" not in faces[CertificateStyle.OFFICIAL]


def test_admin_saves_the_style_and_an_old_form_without_it_keeps_the_original(
    client, template, admin
):
    client.force_login(admin)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk])
    base = {
        "name": template.name,
        "issuing_body_upper": template.issuing_body_upper,
        "issuing_body": template.issuing_body,
        "number_suffix": template.number_suffix,
        "place_name": "Cần Thơ",
        "signer_name": "Lê Văn Ký",
        "signer_title": "GIÁM ĐỐC",
        "signing_form": "",
        "orientation": "landscape",
        "validity_months": "",
        "body": "Chứng nhận {ho_ten}.",
    }
    response = client.post(url, {**base, "style": CertificateStyle.OFFICIAL, "signing_key": ""})
    assert response.status_code == 302
    assert CertificateTemplate.objects.get(pk=template.pk).style == CertificateStyle.OFFICIAL
    client.post(url, base)
    assert CertificateTemplate.objects.get(pk=template.pk).style == CertificateStyle.MODERN
    refused = client.post(url, {**base, "signing_key": "khong-co"})
    assert refused.status_code == 200
    assert CertificateTemplate.objects.get(pk=template.pk).signing_key == ""
