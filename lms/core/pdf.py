"""Django templates to PDF bytes with xhtml2pdf, in Vietnamese that survives extraction.

Every PDF the platform makes (certificates, attendance sign-in sheets, report exports) goes
through :func:`render_pdf`, so three things are decided once, here:

* **Font.** The PDF standard fonts have no Vietnamese letters; a document drawn with them
  shows boxes or drops the tone marks. Be Vietnam Pro (from ``fontpkg_be_vietnam_pro``) is
  registered with ReportLab once per process and mapped into xhtml2pdf's font table, so a
  template only says ``font-family: "Be Vietnam Pro"`` (the default CSS already does). Loading
  the TTFs through ``@font-face`` instead would parse four font files on every render, most of
  the 50 ms a certificate may take.
* **Text.** The rendered HTML is NFC-normalised before it reaches xhtml2pdf: a name typed on a
  keyboard that sends decomposed Unicode ("e" + combining marks) would otherwise be drawn as
  separate glyphs and come back from ``pdftotext`` as something nobody can search for.
* **Resources.** Nothing is fetched over the network, and local reads are confined to the
  static and media directories: :func:`link_callback` maps ``/static/...`` and ``/media/...``
  to files, refusing anything that resolves outside them (``..``, symlinks, absolute paths),
  and the xhtml2pdf resource policy enforces the same roots for anything else.
"""

import functools
import io
import logging
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import fontpkg_be_vietnam_pro
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

FONT_FAMILY = "BeVietnamPro"
# CSS names a template may use for the family (xhtml2pdf lower-cases what it looks up).
FONT_ALIASES = ("bevietnampro", "be vietnam pro", "be-vietnam-pro", "sans-serif", "serif")
_FONT_FACES = {
    # ReportLab face name: (file, bold, italic)
    FONT_FAMILY: ("BeVietnamPro-Regular.ttf", 0, 0),
    f"{FONT_FAMILY}-Bold": ("BeVietnamPro-Bold.ttf", 1, 0),
    f"{FONT_FAMILY}-Italic": ("BeVietnamPro-Italic.ttf", 0, 1),
    f"{FONT_FAMILY}-BoldItalic": ("BeVietnamPro-BoldItalic.ttf", 1, 1),
}

# The Times-like serif the official document style asks for (Decree 30/2020 prescribes Times
# New Roman). Liberation Serif has Times' metrics and every Vietnamese letter; it ships in
# ``static/fonts`` (SIL OFL 1.1, from Debian's fonts-liberation2), so nothing depends on the
# fonts installed on the server.
SERIF_FAMILY = "LiberationSerif"
SERIF_ALIASES = ("liberationserif", "liberation serif", "liberation-serif", "tinos")
_SERIF_FACES = {
    SERIF_FAMILY: ("LiberationSerif-Regular.ttf", 0, 0),
    f"{SERIF_FAMILY}-Bold": ("LiberationSerif-Bold.ttf", 1, 0),
    f"{SERIF_FAMILY}-Italic": ("LiberationSerif-Italic.ttf", 0, 1),
    f"{SERIF_FAMILY}-BoldItalic": ("LiberationSerif-BoldItalic.ttf", 1, 1),
}

# Families a template or xhtml2pdf's own stylesheet may name that would otherwise resolve to
# a PDF standard font, which is never embedded (and has no Vietnamese letters).
_STANDARD_FONT_NAMES = (
    "helvetica",
    "arial",
    "sans",
    "sansserif",
    "verdana",
    "geneva",
    "times",
    "times new roman",
    "times-roman",
    "courier",
    "courier new",
    "monospace",
    "system-ui",
)

# Applied before the template's own styles: every PDF starts in the Vietnamese font.
BASE_CSS = f"""
html, body {{ font-family: {FONT_FAMILY}; }}
"""


class PDFRenderError(RuntimeError):
    """xhtml2pdf reported errors while converting; the PDF would be incomplete."""


class PDFTooLongError(PDFRenderError):
    """The document took longer than xhtml2pdf's render budget allows (a list of thousands of
    rows, for example); callers offer another format instead."""


def font_dir():
    return Path(fontpkg_be_vietnam_pro.ROOT) / "files"


def serif_font_dir():
    return Path(settings.BASE_DIR) / "static" / "fonts"


@functools.cache
def register_fonts():
    """Register Be Vietnam Pro and Liberation Serif with ReportLab and xhtml2pdf. Runs once
    per process."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from xhtml2pdf import default

    for face, (filename, bold, italic) in _FONT_FACES.items():
        pdfmetrics.registerFont(TTFont(face, str(font_dir() / filename)))
        # bold/italic runs inside a "BeVietnamPro" paragraph pick the right face.
        addMapping(FONT_FAMILY, bold, italic, face)
    for face, (filename, bold, italic) in _SERIF_FACES.items():
        pdfmetrics.registerFont(TTFont(face, str(serif_font_dir() / filename)))
        addMapping(SERIF_FAMILY, bold, italic, face)
    # Images stay binary in the PDF: ASCII85 makes them 25% larger and, in pure Python,
    # costs more time than the rest of drawing a certificate's QR code.
    rl_config.useA85 = 0
    # ReportLab opens every page and table cell in its base font (Helvetica), so without this
    # each PDF names a Helvetica it does not embed, which a print shop's preflight rejects and
    # a viewer substitutes. Every font a PDF names is Be Vietnam Pro, embedded.
    rl_config.canvas_basefontname = FONT_FAMILY
    # Table cells start in the base font ReportLab read at import time (Helvetica).
    from reportlab.platypus.tables import CellStyle

    CellStyle.fontname = FONT_FAMILY
    # xhtml2pdf copies DEFAULT_FONT into every document's font table.
    default.DEFAULT_FONT[FONT_FAMILY.lower()] = FONT_FAMILY
    for alias in (*FONT_ALIASES, *_STANDARD_FONT_NAMES):
        default.DEFAULT_FONT[alias] = FONT_FAMILY
    default.DEFAULT_FONT[SERIF_FAMILY.lower()] = SERIF_FAMILY
    for alias in SERIF_ALIASES:
        default.DEFAULT_FONT[alias] = SERIF_FAMILY
    return FONT_FAMILY


def qr_png_data_uri(text, *, scale=4):
    """A QR code of ``text`` as a PNG ``data:`` URI for a PDF template (error correction M,
    survives a stamp or a fold). The mask is fixed: choosing the "best" of eight costs segno
    5 ms, a tenth of a certificate's render budget, and any mask decodes the same."""
    import base64

    import segno

    qr = segno.make(text, error="m", micro=False, mask=0)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=scale, border=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _roots():
    """The directories a PDF may read files from: static sources, collected static, media."""
    roots = [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    for setting in ("STATIC_ROOT", "MEDIA_ROOT"):
        value = getattr(settings, setting, None)
        if value:
            roots.append(Path(value))
    return [root.resolve() for root in roots]


def _inside(path, roots):
    try:
        resolved = Path(path).resolve()
    except (OSError, ValueError):
        return None
    if any(resolved == root or resolved.is_relative_to(root) for root in roots):
        return resolved
    return None


def link_callback(uri, rel=None):
    """Map a URI in a PDF template to a local file, or refuse it.

    ``data:`` URIs pass through (images already in memory, such as QR codes). ``/static/...``
    is found with the staticfiles finders (so it works before ``collectstatic``) or in
    STATIC_ROOT; ``/media/...`` in MEDIA_ROOT. Remote URLs, other schemes and paths that
    resolve outside those roots return an empty string, which xhtml2pdf treats as missing.
    """
    if not uri:
        return ""
    if uri.startswith("data:"):
        return uri
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc:
        log.warning("PDF resource refused (not local): %.120s", uri)
        return ""
    path = unquote(parts.path)
    if "\x00" in path:
        return ""
    roots = _roots()
    static_url = settings.STATIC_URL or "/static/"
    media_url = settings.MEDIA_URL or "/media/"
    candidate = None
    if static_url and path.startswith(static_url):
        relative = path[len(static_url) :]
        if ".." not in Path(relative).parts:
            found = finders.find(relative)
            candidate = found if found else Path(settings.STATIC_ROOT) / relative
    elif media_url and path.startswith(media_url):
        candidate = Path(settings.MEDIA_ROOT) / path[len(media_url) :]
    if candidate is None:
        log.warning("PDF resource refused (not under static or media): %.120s", uri)
        return ""
    resolved = _inside(candidate, roots)
    if resolved is None or not resolved.is_file():
        log.warning("PDF resource refused or missing: %.120s", uri)
        return ""
    return str(resolved)


def _policy():
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    roots = _roots()
    return ResourceAccessPolicy.server(
        base_dir=roots[0] if roots else None,
        extra_roots=tuple(roots[1:]),
        allow_remote=False,
    )


def render_pdf(template_name, context, *, request=None):
    """Render ``template_name`` with ``context`` and return the PDF as bytes.

    The template is ordinary HTML + CSS in the subset xhtml2pdf understands (``@page`` for the
    paper size and margins, tables for layout). Raises :class:`PDFRenderError` if xhtml2pdf
    reports errors, rather than returning a document with parts missing.
    """
    html = render_to_string(template_name, context, request=request)
    return render_html_pdf(html)


def render_html_pdf(html):
    """The second half of :func:`render_pdf`, for callers that built the HTML themselves."""
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import RenderLimitError

    register_fonts()
    html = unicodedata.normalize("NFC", html)
    out = io.BytesIO()
    try:
        status = pisa.CreatePDF(
            html,
            dest=out,
            link_callback=link_callback,
            default_css=_default_css(),
            encoding="utf-8",
            resource_policy=_policy(),
        )
    except RenderLimitError as exc:
        raise PDFTooLongError(str(exc)) from exc
    if status.err:
        raise PDFRenderError(f"xhtml2pdf reported {status.err} error(s)")
    return out.getvalue()


@functools.cache
def _default_css():
    from xhtml2pdf.default import DEFAULT_CSS

    return DEFAULT_CSS + BASE_CSS
