"""lms.core.pdf: the shared PDF renderer (font, NFC, safe resource resolution)."""

import shutil
import subprocess
import unicodedata

import pytest
from django.conf import settings

from lms.core.pdf import link_callback, register_fonts, render_html_pdf

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(data, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


class RenderTests:
    def test_registers_the_font_once(self):
        assert register_fonts() == register_fonts() == "BeVietnamPro"
        assert register_fonts.cache_info().currsize == 1

    def test_font_is_embedded_and_bold_uses_the_bold_face(self):
        data = render_html_pdf("<p>Xin chào <b>Việt Nam</b></p>")
        assert data.startswith(b"%PDF")
        assert b"BeVietnamPro-Regular" in data
        assert b"BeVietnamPro-Bold" in data

    @needs_pdftotext
    def test_decomposed_input_comes_out_composed(self, tmp_path):
        decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung – Độc lập - Tự do")
        assert decomposed != unicodedata.normalize("NFC", decomposed)
        text = pdf_text(render_html_pdf(f"<p>{decomposed}</p>"), tmp_path)
        assert "Nguyễn Thị Hồng Nhung – Độc lập - Tự do" in text


class LinkCallbackTests:
    def test_static_file_resolves_to_the_source_file(self):
        path = link_callback(f"{settings.STATIC_URL}css/site.css")
        assert path.endswith("static/css/site.css")

    @pytest.mark.parametrize(
        "uri",
        [
            "/static/../../../etc/passwd",
            "/static/%2e%2e/%2e%2e/etc/passwd",
            "/media/../../etc/passwd",
            "/etc/passwd",
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data/",
            "https://example.com/logo.png",
            "//example.com/logo.png",
        ],
    )
    def test_refuses_paths_outside_static_and_media_and_any_network(self, uri):
        assert link_callback(uri) == ""

    def test_data_uris_pass_through(self):
        assert link_callback("data:image/png;base64,AAAA") == "data:image/png;base64,AAAA"

    def test_a_refused_image_does_not_break_the_document(self):
        data = render_html_pdf('<p>Ảnh</p><img src="/static/../../../etc/passwd">')
        assert data.startswith(b"%PDF")
        assert b"root:x:0" not in data
