"""Small HTTP helpers shared by every app."""

from django.conf import settings


def client_ip(request):
    """The client's IP address, for the lockout and the export log.

    Behind ``LMS_TRUSTED_PROXY_COUNT`` reverse proxies (nginx, a load balancer) ``REMOTE_ADDR``
    is the proxy, and a per-IP lockout would lock out everyone at once; the client is then the
    address the outermost trusted proxy appended to ``X-Forwarded-For``. Entries further left
    are whatever the client claimed and are never trusted.
    """
    count = getattr(settings, "LMS_TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
