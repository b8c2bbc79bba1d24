"""The short signed payload a certificate's QR code carries, for checking without a network.

The QR code stays a URL (any phone camera opens it): the payload is a compact JWS in the URL
fragment, ``…/tra-cuu/<code>/#<jws>``. A fragment is never sent to the server, so it adds
nothing to logs, and the verification page (``static/js/verify-offline.js``) checks it in
the browser with the issuer's published key (cached on the device), which works with no
signal. It holds only what the public page shows: the number, the holder's masked name, the
course, the dates; the header names the key (``kid``). Keys are one letter to keep the QR
code small enough to print at 3 cm.
"""

from .credential import holder_label
from .signing import sign_compact


def qr_payload(certificate) -> dict:
    payload = {
        "n": certificate.number,
        "h": holder_label(certificate),
        "c": certificate.course_title,
        "i": certificate.issued_on.isoformat(),
    }
    if certificate.expires_on:
        payload["e"] = certificate.expires_on.isoformat()
    return payload


def qr_jws(certificate) -> str:
    return sign_compact(qr_payload(certificate))


def qr_fragment(certificate) -> str:
    """``#<jws>``, appended to the verification URL printed in the QR code."""
    return "#" + qr_jws(certificate)
