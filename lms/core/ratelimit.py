"""The one rate-limit mechanism: a fixed-window counter on the shared cache.

Every limit in the product (certificate lookups, 6-digit check-in codes, number lookups,
password-reset e-mails, sign-in failures per address) calls :func:`hit` or :func:`is_limited`.
The counter lives in the ``default`` cache: Redis in production, which every gunicorn worker
shares, so a limit of 30 means 30 for the whole site, not 30 per process. ``cache.add`` then
``cache.incr`` are atomic on Redis (``INCR``) and on the local-memory cache of a single process
(its lock), so two requests at once can never both read "29" and both pass.

Keys are built from :func:`lms.core.http.client_ip`, the real client behind the configured
proxies (``LMS_TRUSTED_PROXY_COUNT``), never from ``REMOTE_ADDR`` directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from lms.core.http import client_ip

PREFIX = "rl"


@dataclass(frozen=True)
class Limit:
    """``count`` hits per ``window`` seconds for one named ``scope`` ("cert-lookup")."""

    scope: str
    count: int
    window: int


def _key(limit: Limit, ident: str) -> str:
    # Hash the identifier: it may be a phone number or an address, and keys are visible to
    # whoever can read the cache.
    digest = hashlib.sha256(str(ident).encode()).hexdigest()[:32]
    return f"{PREFIX}:{limit.scope}:{digest}"


def ident_for(request, *extra) -> str:
    """The identifier of a request's client: its real address, plus any ``extra`` parts (an
    account, a session) for limits that count per account-and-address."""
    return "|".join([client_ip(request) or "-", *[str(part) for part in extra]])


def hit(limit: Limit, ident: str) -> int:
    """Count one hit for ``ident`` and return the count in the current window (1 for the
    first). Atomic across processes on Redis."""
    key = _key(limit, ident)
    if cache.add(key, 1, limit.window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.add(key, 1, limit.window)
        return 1


def count(limit: Limit, ident: str) -> int:
    """Hits counted for ``ident`` in the current window, without counting one."""
    return int(cache.get(_key(limit, ident)) or 0)


def is_limited(limit: Limit, ident: str) -> bool:
    """True once ``ident`` has used up its ``limit.count`` hits in the window."""
    return count(limit, ident) >= limit.count


def hit_and_check(limit: Limit, ident: str) -> bool:
    """Count one hit; True when this hit goes over the limit (the request must be refused)."""
    return hit(limit, ident) > limit.count


def reset(limit: Limit, ident: str) -> None:
    cache.delete(_key(limit, ident))
