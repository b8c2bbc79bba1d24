"""The credential travels inside the certificate PDF as attached files (issue 20): the
JSON-LD credential to read, and the signed JWT-VC to verify. The PDF pipeline
(``certificates.pdf_attachments``, the signing work) embeds what registered callables return
before it signs the document."""

import json

from .credential import credential_jwt, open_badge_credential


def credential_attachments(certificate):
    """(name, bytes, media type, description) for each file to attach."""
    credential = open_badge_credential(certificate)
    return [
        (
            "credential.json",
            json.dumps(credential, ensure_ascii=False, indent=2).encode(),
            "application/ld+json",
            "Chứng nhận số Open Badges 3.0 (dữ liệu)",
        ),
        (
            "credential.jwt",
            credential_jwt(certificate).encode("ascii"),
            "application/vc+jwt",
            "Chứng nhận số Open Badges 3.0 có chữ ký (JWT-VC, Ed25519)",
        ),
    ]


def register_pdf_attachments() -> bool:
    """Register with the PDF pipeline when it is installed; False when it is not (yet)."""
    try:
        from certificates import pdf_attachments
    except ImportError:  # the PDF signing work (issue 20, item 1) is not there
        return False
    pdf_attachments.register(credential_attachments)
    return True
