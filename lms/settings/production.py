import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production refuses to start without a secret key."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# HTTPS everywhere. The proxy in front (nginx, a load balancer) terminates TLS and says so in
# X-Forwarded-Proto; only /healthz answers plain HTTP, for the balancer's probe.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One proxy in front by default: lockout and the export log take the client IP it forwards.
LMS_TRUSTED_PROXY_COUNT = int(os.environ.get("LMS_TRUSTED_PROXY_COUNT", "1"))
# No test phone numbers (0100 xxx xxx) in production data.
LMS_ALLOW_TEST_PHONES = env_bool("LMS_ALLOW_TEST_PHONES", False)
# Never sign with the generated demo CA in production: the issuing bodies' keys are named in
# LMS_SIGNING_KEYS (see README "Signed PDFs"); a missing key is a configuration error.
LMS_SIGNING_DEMO_KEY = env_bool("LMS_SIGNING_DEMO_KEY", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies travel over HTTPS only and are out of reach of page scripts. The Wagtail admin takes
# its CSRF token from the page, not the cookie, so an HttpOnly CSRF cookie is fine.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Wagtail's preview panel overrides this to SAMEORIGIN for its own iframe.
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

# Reports read from a replica when there is one (lms.core.db_router.ReplicaRouter, registered in
# base.py); writes always go to the primary.
if os.environ.get("REPLICA_DATABASE_URL"):
    import dj_database_url

    DATABASES["replica"] = dj_database_url.parse(  # noqa: F405
        os.environ["REPLICA_DATABASE_URL"], conn_max_age=60
    )
    if PG_OPTIONS and DATABASES["replica"]["ENGINE"].endswith("postgresql"):  # noqa: F405
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", PG_OPTIONS)  # noqa: F405
        # An unreachable replica host fails fast; reports then read the primary.
        DATABASES["replica"]["OPTIONS"].setdefault("connect_timeout", 3)  # noqa: F405
