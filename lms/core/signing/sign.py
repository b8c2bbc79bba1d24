"""Signing a finished PDF: embedded files first, then one PAdES signature over everything.

The signature goes in an incremental update, so the bytes xhtml2pdf or ReportLab wrote stay
as they were and a validator can show the document "unmodified since signing". It is
invisible (no widget): the printed page already carries the signer's block, and a drawn
appearance would cost a font subset per document.
"""

import datetime
import functools
import io
import logging
from dataclasses import dataclass

from django.conf import settings

from .config import SignerConfig, SigningError, site_signer_config
from .keys import identity_of, loaded_signer

log = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"
# Enough for a 4096-bit RSA chain of three certificates plus a timestamp token; reserving it
# up front saves pyHanko a dry-run signature to measure the size.
BYTES_RESERVED = 16384


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF before it is signed (the signature covers it)."""

    name: str
    data: bytes
    mime: str = "application/octet-stream"
    description: str = ""


@dataclass(frozen=True)
class SignedPDF:
    data: bytes
    signed_by: str
    signed_at: datetime.datetime


def _attachment(value):
    if isinstance(value, Attachment):
        return value
    return Attachment(*value)


def _embed(writer, attachment):
    from pyhanko.pdf_utils import embed, generic

    now = datetime.datetime.now(datetime.UTC)
    spec = embed.FileSpec(
        file_spec_string=attachment.name,
        file_name=attachment.name,
        embedded_data=embed.EmbeddedFileObject.from_file_data(
            writer,
            data=attachment.data,
            mime_type=attachment.mime,
            params=embed.EmbeddedFileParams(creation_date=now, modification_date=now),
        ),
        description=attachment.description or None,
        af_relationship=generic.pdf_name("/Data"),
    )
    embed.embed_file(writer, spec)


@functools.lru_cache(maxsize=8)
def _timestamper(url):
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=getattr(settings, "LMS_TSA_TIMEOUT", 10))


def sign_pdf_detailed(pdf_bytes, *, signer_config: SignerConfig, attachments=()) -> SignedPDF:
    """Sign ``pdf_bytes`` and say who signed and when (for the certificate's record)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    signer = loaded_signer(signer_config)
    signed_at = datetime.datetime.now(datetime.UTC)
    tsa_url = signer_config.tsa_url
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        for item in attachments:
            _embed(writer, _attachment(item))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=getattr(settings, "LMS_SIGNING_REASON", "") or None,
            location=getattr(settings, "LMS_SIGNING_LOCATION", "") or None,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=_timestamper(tsa_url) if tsa_url else None,
            new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),
        )
        out = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=BYTES_RESERVED)
    except (PdfError, ValueError, OSError) as exc:
        raise SigningError(f"could not sign PDF with key {signer_config.name!r}: {exc}") from exc
    except Exception as exc:
        # Timestamp server errors and signer failures come as pyHanko's own exception types.
        if exc.__class__.__module__.startswith(("pyhanko", "requests", "urllib3")):
            raise SigningError(
                f"could not sign PDF with key {signer_config.name!r}: {exc}"
            ) from exc
        raise
    return SignedPDF(
        data=out.getvalue(), signed_by=identity_of(signer.signing_cert), signed_at=signed_at
    )


def attach_files(pdf_bytes, attachments) -> bytes:
    """``pdf_bytes`` with ``attachments`` embedded, unsigned (signing switched off)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    if not attachments:
        return pdf_bytes
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    for item in attachments:
        _embed(writer, _attachment(item))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_pdf(pdf_bytes, *, signer_config: SignerConfig, attachments=()) -> bytes:
    """``pdf_bytes`` with ``attachments`` embedded and a PAdES signature (B-B, or B-T when the
    key has a timestamp server) by ``signer_config``'s key."""
    return sign_pdf_detailed(pdf_bytes, signer_config=signer_config, attachments=attachments).data


def signing_enabled():
    return getattr(settings, "LMS_SIGNING_ENABLED", True)


def sign_site_pdf(pdf_bytes) -> bytes:
    """A slip, sign-in sheet or report signed with the site's default key (unchanged when
    signing is switched off with ``LMS_SIGNING_ENABLED=0``)."""
    if not signing_enabled():
        return pdf_bytes
    return sign_pdf(pdf_bytes, signer_config=site_signer_config())
