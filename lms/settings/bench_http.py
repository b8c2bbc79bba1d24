"""Settings for the gunicorn server ``manage.py benchmark`` starts on a loopback port
(``lms.scale.bench.server``).

Production settings (DEBUG off, the same middleware and caches), except what only makes sense
behind a TLS proxy: no HTTPS redirect, and plain static storage so that templates render
without a ``collectstatic`` manifest. The benchmark passes its own SECRET_KEY through the
environment so that session cookies and check-in tokens it mints are valid on the server.
"""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
