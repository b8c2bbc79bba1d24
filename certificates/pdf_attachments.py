"""Files embedded in a certificate's PDF before it is signed.

Another part of the app (the Open Badges credential, for one) registers a callable in its
``AppConfig.ready()``::

    from certificates import pdf_attachments

    pdf_attachments.register(credential_attachment)

Each callable takes the certificate and returns an ``lms.core.signing.Attachment`` (or a
``(name, data, mime, description)`` tuple), a list of them, or ``None``. The PDF pipeline
(``certificates.pdf.certificate_pdf_signed``) embeds them all, then signs, so the signature
covers the attached files too.
"""

from lms.core.signing import Attachment

_providers = []


def register(provider):
    """Add ``provider`` (idempotent: ``ready()`` may run twice in tests). Returns it, so it
    can be used as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider):
    if provider in _providers:
        _providers.remove(provider)


def attachments_for(certificate) -> list:
    """Every registered provider's attachments for ``certificate``, in registration order."""
    found = []
    for provider in list(_providers):
        result = provider(certificate)
        if not result:
            continue
        single = isinstance(result, Attachment) or (
            isinstance(result, tuple) and bool(result) and isinstance(result[0], str)
        )
        items = [result] if single else list(result)
        found.extend(item if isinstance(item, Attachment) else Attachment(*item) for item in items)
    return found
