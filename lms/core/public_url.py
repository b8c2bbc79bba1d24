"""The public address of the site: what is printed on certificates and activation slips.

A certificate's QR code and printed link, and an activation slip's QR code, are read on a
phone, often years after the page that made them. They must carry the address citizens reach
the site on, not whichever host name the officer's browser used, and never a loopback
address. ``LMS_PUBLIC_BASE_URL`` is that one address; ``make run`` sets it from ``HOST`` and
``PORT`` and production must set it (``check --deploy`` refuses a missing or loopback one:
:func:`public_base_url_check`).
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def public_base_url() -> str:
    """The configured public base URL, without a trailing slash ("" when not set)."""
    return (getattr(settings, "LMS_PUBLIC_BASE_URL", "") or "").strip().rstrip("/")


def public_url(path: str, *, request=None) -> str:
    """The absolute public URL of ``path``. The request's own host is used only when no public
    base URL is configured at all (never in production: the deploy check refuses that)."""
    base = public_base_url()
    if base:
        return f"{base}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def unreachable_reason(url: str) -> str | None:
    """Why ``url`` cannot be printed for people elsewhere to open, or None if it can."""
    if not url:
        return "missing"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL with a host"
    host = parts.hostname.lower().rstrip(".")
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return "loopback host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.is_loopback or address.is_unspecified:
        return "loopback or unspecified address"
    return None


def public_base_url_check(app_configs=None, **kwargs):
    """Deploy check (``manage.py check --deploy``): production refuses to start without a
    public base URL that people elsewhere can open."""
    if settings.DEBUG:
        return []
    url = public_base_url()
    reason = unreachable_reason(url)
    if reason is None:
        return []
    return [
        checks.Error(
            f"LMS_PUBLIC_BASE_URL is {url or 'not set'!r} ({reason}). Certificates and "
            "activation slips print this address in their QR codes and links.",
            hint="Set LMS_PUBLIC_BASE_URL to the address citizens open the site on, for "
            "example https://hoc.tocongnghe.gov.vn.",
            id="lms.E001",
        )
    ]
