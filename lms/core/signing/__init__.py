"""Digital signatures (PAdES) on the PDFs the platform sends out.

Every certificate, activation slip, sign-in sheet and report PDF is signed here, after
xhtml2pdf or ReportLab has drawn it: PAdES B-B, or B-T when a timestamp server is configured
(``LMS_TSA_URL``). A signature proves who issued the file and that nobody edited it since;
``pdfsig`` and Acrobat show it, and any changed byte makes it fail.

Keys are named in settings (``LMS_SIGNING_KEYS``): a PKCS#12 file or a PKCS#11 token (the
USB tokens Vietnamese CAs issue). The database only ever holds a key's *name* (a certificate
template picks one), never a path, passphrase or PIN. With no key configured, a local demo CA
and issuer are generated under ``LMS_SIGNING_DIR`` (:mod:`.demo`), so a fresh checkout signs
out of the box; production turns that off with ``LMS_SIGNING_DEMO_KEY=0``.
"""

from .config import (
    SignerConfig,
    SigningError,
    SigningNotConfigured,
    key_names,
    signer_config,
    site_signer_config,
)
from .keys import loaded_signer, signer_identity
from .sign import (
    Attachment,
    SignedPDF,
    attach_files,
    sign_pdf,
    sign_pdf_detailed,
    sign_site_pdf,
    signing_enabled,
)

__all__ = [
    "Attachment",
    "SignedPDF",
    "SignerConfig",
    "SigningError",
    "SigningNotConfigured",
    "attach_files",
    "key_names",
    "loaded_signer",
    "sign_pdf",
    "sign_pdf_detailed",
    "sign_site_pdf",
    "signer_config",
    "signer_identity",
    "signing_enabled",
    "site_signer_config",
]
