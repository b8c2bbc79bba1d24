"""Content Security Policy allowances for the Wagtail admin only.

The public site needs no inline script (its JavaScript lives in static files), so the global
policy forbids them. The Wagtail admin still renders a few inline ``<script>`` blocks (date
pickers, InlinePanel, workflow init) and its bundled accessibility checker (axe-core) compiles
message templates with ``new Function``, so under ``/admin/`` — and only there — this middleware
adds ``'unsafe-inline'`` and ``'unsafe-eval'`` to ``script-src``. The admin is reachable only by
signed-in staff and keeps every other directive (no third-party origins,
``frame-ancestors 'self'``, ``object-src 'none'``, ``form-action 'self'``).

It must come *after* ``csp.middleware.CSPMiddleware`` in ``MIDDLEWARE``: responses travel back
up the list, so this marks the response before django-csp builds the header.
"""

from django.conf import settings

ADMIN_CSP_UPDATE = {"script-src": ["'unsafe-inline'", "'unsafe-eval'"]}


class AdminCSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "LMS_ADMIN_PATH_PREFIX", "/admin/")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix) and not hasattr(response, "_csp_update"):
            response._csp_update = ADMIN_CSP_UPDATE
        return response
