"""Checking a signed PDF with pyHanko's validator (what ``pyhanko sign validate`` runs).

Used by the tests and by ``check_pdf_signature``; the verify page does not need it (it reads
who signed from the certificate's record).
"""

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # intact, signature verifies, and the signer chains to a trusted root
    whole_document: bool  # nothing was appended after the signature
    signer: str
    summary: str


def check_pdf(pdf_bytes, *, trust_roots=()):
    """Validate the last signature of ``pdf_bytes`` against ``trust_roots`` (PEM/DER paths
    or asn1crypto certificates)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from .keys import identity_of

    roots = [
        load_cert_from_pemder(r) if isinstance(r, str | bytes) or hasattr(r, "__fspath__") else r
        for r in trust_roots
    ]
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError) as exc:
        return SignatureCheck(False, False, False, False, "", f"unreadable: {exc}")
    if not signatures:
        return SignatureCheck(False, False, False, False, "", "no signature")
    signature = signatures[-1]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as exc:  # a damaged signature container raises rather than reporting
        return SignatureCheck(True, False, False, False, "", f"invalid: {exc}")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.bottom_line) and whole,
        whole_document=whole,
        signer=identity_of(status.signing_cert) if status.signing_cert else "",
        summary=status.summary(),
    )
