"""The certificate as a PDF: Vietnamese official layout, rendered through ``lms.core.pdf``
and signed (PAdES) through ``lms.core.signing`` with the issuing body's key.

The document is built from a :class:`CertificateFacts` (what the certificate states) and a
``CertificateTemplate`` (how it looks and who signs it), so the admin preview of a template
and a real certificate go through exactly the same code. Two styles share the context: the
original ("Hiện đại") and the administrative-document style of Decree 30/2020. A preview is
never signed: a signed sample with an invented name would be a signed falsehood.

Images (signature, seal, background, QR) are passed to xhtml2pdf as ``data:`` URIs read
through the storage API: that works with S3-style storage as well as local files, and
xhtml2pdf never has to open a path.
"""

import base64
import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from lms.core.dates import official_date_line
from lms.core.pdf import SERIF_FAMILY, qr_png_data_uri, register_fonts, render_pdf
from lms.core.public_url import public_base_url, public_url
from lms.core.signing import (
    SignedPDF,
    attach_files,
    sign_pdf_detailed,
    signer_config,
    signing_enabled,
)

from .choices import Orientation
from .models.templates import CertificateStyle
from .numbering import add_months, format_number
from .pdf_attachments import attachments_for

PDF_TEMPLATE = "certificates/certificate_pdf.html"
PDF_TEMPLATES = {
    CertificateStyle.MODERN: PDF_TEMPLATE,
    CertificateStyle.OFFICIAL: "certificates/certificate_pdf_official.html",
}
# Decree 30/2020: the rule under the tiêu ngữ is as long as the line; the one under the
# issuing body's name is a third to a half of it, centred.
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_PT = 13.5
BODY_NAME_PT = 12.5
BODY_RULE_SHARE = 0.4
# Width of the issuing body's column (42% of the text area) on A4 landscape / portrait.
LEFT_COLUMN_PT = 290
LEFT_COLUMN_PT_PORTRAIT = 190
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# "ông/bà" as typed in a template body (any case, spaces around the slash allowed).
_HONORIFIC = re.compile(r"(ông|Ông|ÔNG)\s*/\s*(bà|Bà|BÀ)")
_HONORIFICS = {"male": "Ông", "female": "Bà"}
QR_SIZE_PT = 144


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states, frozen at issue time (see ``Certificate`` snapshots)."""

    number: str
    code: str
    holder_name: str
    holder_birth_date: datetime.date | None
    team_name: str
    ward_name: str
    course_title: str
    course_hours: object
    issued_on: datetime.date
    expires_on: datetime.date | None
    verify_url: str
    holder_gender: str = ""
    # Set on a revoked certificate: its PDF carries a "ĐÃ THU HỒI" mark with this date.
    revoked_on: datetime.date | None = None


def verify_url_for(path, *, request=None, certificate=None):
    """Absolute URL of a verification page, as printed in the QR code.

    The public base URL (``LMS_PUBLIC_BASE_URL``) wins over the request's host: a PDF is
    stored and may be printed years later, so it must carry the canonical address, not
    whichever host name an officer happened to use.

    With a (real, issued) ``certificate``, the URL ends with ``#<signed payload>`` for the
    offline check (``certificates.credentials.offline``); the printed text leaves it out.
    """
    url = public_url(path, request=request)
    if certificate is not None:
        from .credentials.offline import qr_fragment

        url += qr_fragment(certificate)
    return url


def honorific(gender, typed="ông/bà"):
    """ "Ông" or "Bà" for a known gender, in the case the template typed it; "ông/bà" (as
    typed) when the gender is unknown or neither."""
    word = _HONORIFICS.get(gender or "")
    if word is None:
        return typed
    if typed.isupper():
        return word.upper()
    return word if typed[:1].isupper() else word.lower()


def format_hours(hours):
    if hours is None or hours == "":
        return ""
    try:
        value = float(hours)
    except (TypeError, ValueError):
        return str(hours)
    return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")


def body_html(template_body, facts):
    """Fill the template's placeholders; everything is escaped, the name is set in bold.

    Placeholders are replaced by a regular expression rather than ``str.format``: the body is
    written by staff, and ``format`` would let ``{ho_ten.__class__}`` reach into Python objects.
    Unknown placeholders are left as typed so that a typo shows in the preview.
    """
    values = {
        "danh_xung": honorific(facts.holder_gender, "Ông/Bà"),
        "ho_ten": mark_safe(f"<b>{escape(facts.holder_name)}</b>"),
        "ngay_sinh": facts.holder_birth_date.strftime("%d/%m/%Y")
        if facts.holder_birth_date
        else "",
        "to": facts.team_name,
        "xa": facts.ward_name,
        "khoa_hoc": mark_safe(f"<b>{escape(facts.course_title)}</b>"),
        "so_gio": format_hours(facts.course_hours),
        "ngay_cap": facts.issued_on.strftime("%d/%m/%Y"),
        "so": facts.number,
    }
    text = unicodedata.normalize("NFC", template_body or "").strip()
    # Templates written before {danh_xung} say "ông/bà": the holder's own honorific replaces it.
    text = _HONORIFIC.sub(lambda m: honorific(facts.holder_gender, m.group(0)), text)
    text = escape(text)

    def replace(match):
        key = match.group(1)
        if key not in values:
            return match.group(0)
        return conditional_escape(values[key])

    filled = _PLACEHOLDER.sub(replace, str(text))
    return mark_safe(filled.replace("\n", "<br>"))


def qr_data_uri(url, *, scale=4):
    """PNG of a QR code for ``url`` (see ``lms.core.pdf.qr_png_data_uri``)."""
    return qr_png_data_uri(url, scale=scale)


def _image_data_uri(image, spec):
    if image is None:
        return None
    return _cached_image_data_uri(image.pk, image.file.name, spec)


@functools.lru_cache(maxsize=64)
def _cached_image_data_uri(image_pk, file_name, spec):
    # Keyed by file name too: replacing an image's file gives it a new name, so a stale
    # signature is never printed after an edit.
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(pk=image_pk).first()
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    ext = rendition.file.name.rsplit(".", 1)[-1].lower()
    mime = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "gif": "gif", "webp": "webp"}.get(
        ext, "png"
    )
    if mime == "webp":
        return None  # ReportLab cannot draw WebP; the PDF is still valid without it.
    return f"data:image/{mime};base64," + base64.b64encode(data).decode("ascii")


def signing_lines(template):
    """ "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" in the signing form becomes two lines; the title is
    not repeated when the form already ends with it."""
    lines = [part.strip() for part in (template.signing_form or "").split("/") if part.strip()]
    title = (template.signer_title or "").strip()
    if lines and title and lines[-1].casefold() == title.casefold():
        lines = lines[:-1]
    return lines


def _date_line(place, day):
    # A certificate is a Vietnamese document whatever language the officer's browser asks for.
    with translation.override("vi"):
        return official_date_line(place, day)


@functools.lru_cache(maxsize=256)
def _text_width(text, bold, size):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    face = f"{SERIF_FAMILY}-Bold" if bold else SERIF_FAMILY
    return stringWidth(text, face, size)


def rule_widths(issuing_body, *, landscape=True):
    """Lengths in points of the two rules of the official style (see the module constants).
    A long name wraps in its column, so its rule is kept within half the column."""
    motto = _text_width(MOTTO, True, MOTTO_PT if landscape else MOTTO_PT - 0.5)
    size = BODY_NAME_PT if landscape else BODY_NAME_PT - 0.5
    body = _text_width((issuing_body or "").upper(), True, size) * BODY_RULE_SHARE
    body = min(body, (LEFT_COLUMN_PT if landscape else LEFT_COLUMN_PT_PORTRAIT) / 2)
    # Strings, not floats: the template must not localise the decimal point ("76,5").
    return f"{motto:.1f}", f"{max(body, 40.0):.1f}"


def style_of(template, style=None):
    """The style to draw: ``style`` when it is a known one (a preview mode), else the
    template's own."""
    if style in CertificateStyle.values:
        return style
    return template.style if template.style in CertificateStyle.values else CertificateStyle.MODERN


def pdf_context(template, facts, *, style=None):
    landscape = template.orientation != Orientation.PORTRAIT
    official = style_of(template, style) == CertificateStyle.OFFICIAL
    border = official and template.decorative_border
    motto_rule, body_rule = (
        rule_widths(template.issuing_body, landscape=landscape) if official else ("0", "0")
    )
    return {
        "border": border,
        "motto_rule_pt": motto_rule,
        "body_rule_pt": body_rule,
        "landscape": landscape,
        "number": facts.number,
        "code": facts.code,
        "issuing_body_upper": template.issuing_body_upper,
        "issuing_body": template.issuing_body,
        "body_html": body_html(template.body, facts),
        "date_line": _date_line(template.place_name, facts.issued_on),
        "expires_on": facts.expires_on,
        "signing_form_lines": signing_lines(template),
        "signer_title": template.signer_title,
        "signer_name": template.signer_name,
        "signature": _image_data_uri(template.signature_image, "max-400x200"),
        "seal": _image_data_uri(template.seal_image, "max-300x300"),
        "background": None
        if border
        else _image_data_uri(
            template.background_image, "max-1754x1754" if landscape else "max-1240x1754"
        ),
        "qr": qr_data_uri(facts.verify_url),
        "qr_size": QR_SIZE_PT,
        "verify_url": facts.verify_url.partition("#")[0],  # the QR code alone has the payload
        "revoked_on": facts.revoked_on,
    }


def render_facts_pdf(template, facts, *, request=None, style=None):
    """The unsigned PDF of ``facts`` drawn with ``template`` (in ``style``, or its own)."""
    return render_pdf(
        PDF_TEMPLATES[style_of(template, style)],
        pdf_context(template, facts, style=style),
        request=request,
    )


def template_signer_config(template):
    """The issuing body's key: the one the template names, else the site default."""
    return signer_config(template.signing_key)


def certificate_facts(certificate, *, request=None):
    anonymised = certificate.holder_anonymised
    return CertificateFacts(
        number=certificate.number,
        code=certificate.code,
        holder_name=certificate.holder_name if not anonymised else "",
        holder_birth_date=certificate.holder_birth_date if not anonymised else None,
        team_name=certificate.holder_team_name,
        ward_name=certificate.holder_ward_name,
        course_title=certificate.course_title,
        course_hours=certificate.course_hours,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        verify_url=verify_url_for(
            certificate.get_absolute_url(), request=request, certificate=certificate
        ),
        holder_gender=certificate.holder_gender if not anonymised else "",
        revoked_on=timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
    )


def certificate_pdf_base_url():
    """The base URL a certificate PDF rendered now carries (stored beside the file)."""
    return public_base_url()


def certificate_pdf_signed(certificate, *, request=None) -> SignedPDF:
    """Render a certificate (from its snapshot, never from the live member or course), embed
    the registered attachments (``certificates.pdf_attachments``) and sign it with the
    template's key. With signing switched off (``LMS_SIGNING_ENABLED=0``) the PDF is returned
    as drawn, with an empty ``signed_by``."""
    data = render_facts_pdf(
        certificate.template, certificate_facts(certificate, request=request), request=request
    )
    attachments = attachments_for(certificate)
    if not signing_enabled():
        return SignedPDF(data=attach_files(data, attachments), signed_by="", signed_at=None)
    return sign_pdf_detailed(
        data, signer_config=template_signer_config(certificate.template), attachments=attachments
    )


def certificate_pdf_bytes(certificate, *, request=None):
    """The signed PDF of ``certificate`` (see :func:`certificate_pdf_signed`)."""
    return certificate_pdf_signed(certificate, request=request).data


def sample_facts(template):
    """Invented facts for the template preview in the admin."""
    today = timezone.localdate()
    expires = add_months(today, template.validity_months) if template.validity_months else None
    return CertificateFacts(
        number=format_number(1, today.year, template.number_suffix or "GCN"),
        code="MAU-XEM-TRUOC",
        holder_name="Nguyễn Thị Hồng Nhung",
        holder_birth_date=datetime.date(1998, 3, 8),
        holder_gender="female",
        team_name="Tổ công nghệ số cộng đồng Khu vực 1",
        ward_name="Phường Vị Tân",
        course_title="Kỹ năng số cơ bản cho Tổ công nghệ số cộng đồng",
        course_hours=8,
        issued_on=today,
        expires_on=expires,
        verify_url=verify_url_for(reverse("certificates:verify_code", args=["MAU-XEM-TRUOC"])),
    )


def template_sample_pdf(template, *, request=None, style=None):
    """The admin preview: invented facts, unsigned, in ``style`` (a preview mode) or the
    template's own."""
    return render_facts_pdf(template, sample_facts(template), request=request, style=style)
