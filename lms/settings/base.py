"""Settings shared by every environment. Everything site-specific comes from the environment."""

import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("LMS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form answers in Vietnamese, with what to do (lms.core.errors).
CSRF_FAILURE_VIEW = "lms.core.errors.csrf_failure"

INSTALLED_APPS = [
    "lms",
    "lms.accounts",
    "lms.pages",
    "lms.jobs",
    "teams",
    "teams.support",
    "courses",
    "courses.attendance",
    "courses.reminders",
    "certificates",
    "certificates.credentials",
    "lms.reports",
    "lms.privacy",
    "lms.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.accounts.wagtail_users.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # django-ninja: the API's Swagger UI files come from its static/ (no CDN).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSPMiddleware: relaxes script-src for /admin/ only (see its docstring).
    "lms.accounts.middleware.AdminCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.core.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

# SQLite under var/ is the embedded default; set DATABASE_URL=postgres://... for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; a timeout rides out short write bursts.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
# PostgreSQL's JIT compiler fires on queries with large cost estimates, such as the national
# reports, and then spends longer compiling (0.3–2 s measured) than the query takes to run;
# no request of this application gains from it. PG_OPTIONS replaces these session settings.
PG_OPTIONS = os.environ.get("PG_OPTIONS", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PG_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", PG_OPTIONS)

# Report reads go to DATABASES["replica"] when production.py adds one (REPLICA_DATABASE_URL);
# writes always go to the primary. Without a replica the router changes nothing.
DATABASE_ROUTERS = ["lms.core.db_router.ReplicaRouter"]
# Past this lag, or when the replica does not answer, reports read the primary (with a log
# line); the health check is cached this many seconds in the shared cache.
REPLICA_MAX_LAG_SECONDS = int(os.environ.get("REPLICA_MAX_LAG_SECONDS", "30"))
REPLICA_HEALTH_SECONDS = int(os.environ.get("REPLICA_HEALTH_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses locked-out credentials before any other backend is asked.
    "axes.backends.AxesStandaloneBackend",
    "lms.accounts.backends.PhoneOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Django ships Vietnamese messages for these validators; the length one is our own subclass
# (its plural message fell back to English once other catalogues were merged).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email", "phone")},
    },
    {
        "NAME": "lms.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English available through the language switch.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.core.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Any S3-compatible store (MinIO, Viettel/VNPT object storage) through django-storages.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

# Redis is the shared cache when configured, so app servers can be multiplied.
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Long work (national report files, province PDFs, big member imports, certificate ZIPs) is
# queued to the task worker with a progress page (lms.jobs); off, it runs in the request.
LMS_JOBS_QUEUE = env_bool("LMS_JOBS_QUEUE", True)
# After each batch of a bulk issue, the worker makes and signs the batch's PDFs (in tasks of
# LMS_BULK_PDF_CHUNK, so several db_worker processes share them); off, a PDF is made on its
# first download.
LMS_BULK_PDFS = env_bool("LMS_BULK_PDFS", True)
LMS_BULK_PDF_CHUNK = int(os.environ.get("LMS_BULK_PDF_CHUNK", "100"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@tocongnghe.local")

# Uploads: a clear limit, checked again by each import form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LMS_MAX_IMPORT_SIZE = int(os.environ.get("LMS_MAX_IMPORT_SIZE", 10 * 1024 * 1024))
# Phones 0100 000 000-0100 999 999 belong to no subscriber (phonenumbers refuses them): the
# demo, the tests and the scale generator use them. Production refuses them.
LMS_ALLOW_TEST_PHONES = env_bool("LMS_ALLOW_TEST_PHONES", True)
# Monthly support reports (issue 17.5): a ward's month counts as on time when it is submitted by
# this day of the next month (Asia/Ho_Chi_Minh); clamped to the month's length.
LMS_SUPPORT_DEADLINE_DAY = int(os.environ.get("LMS_SUPPORT_DEADLINE_DAY", "5"))

# Reminders (issue 19.5, README "Reminders"): {channel: backend}; an empty value turns a channel
# off. Development logs every channel to the console; production sets the real backends
# (courses.reminders.channels.email.EmailChannel, .sms.SmsGatewayChannel, .zalo.ZaloOAChannel).
_CONSOLE_CHANNEL = "courses.reminders.channels.console.ConsoleChannel"
LMS_REMINDER_CHANNELS = {
    "email": os.environ.get("LMS_REMINDER_EMAIL_BACKEND", _CONSOLE_CHANNEL),
    "sms": os.environ.get("LMS_REMINDER_SMS_BACKEND", _CONSOLE_CHANNEL),
    "zalo": os.environ.get("LMS_REMINDER_ZALO_BACKEND", _CONSOLE_CHANNEL),
}
LMS_SMS_GATEWAY_URL = os.environ.get("LMS_SMS_GATEWAY_URL", "")
LMS_SMS_GATEWAY_TOKEN = os.environ.get("LMS_SMS_GATEWAY_TOKEN", "")
LMS_ZALO_OA_URL = os.environ.get("LMS_ZALO_OA_URL", "https://openapi.zalo.me/v3.0/oa/message/cs")
LMS_ZALO_OA_TOKEN = os.environ.get("LMS_ZALO_OA_TOKEN", "")
# Zalo Notification Service (courses.reminders.channels.zalo.ZaloZnsChannel): an approved
# template, addressed by phone number; the reminder text goes into one template field.
LMS_ZALO_ZNS_URL = os.environ.get(
    "LMS_ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template"
)
LMS_ZALO_ZNS_TEMPLATE_ID = os.environ.get("LMS_ZALO_ZNS_TEMPLATE_ID", "")
LMS_ZALO_ZNS_TEMPLATE_FIELD = os.environ.get("LMS_ZALO_ZNS_TEMPLATE_FIELD", "noi_dung")

# Brute-force protection (README "Sign-in lockout"): 5 failures lock the account, and the
# account-and-address pair, for 15 minutes; never an address alone (a training hall on one
# Wi-Fi is one address). The address alone is blocked only at LMS_SIGNIN_ADDRESS_FAILURES
# failed sign-ins in LMS_SIGNIN_ADDRESS_WINDOW seconds (lms.accounts.signin_limits).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
LMS_SIGNIN_ADDRESS_FAILURES = int(os.environ.get("LMS_SIGNIN_ADDRESS_FAILURES", "100"))
LMS_SIGNIN_ADDRESS_WINDOW = 15 * 60
# Password-reset e-mails: per target account and per client address, in one hour.
LMS_PASSWORD_RESET_PER_ACCOUNT = 3
LMS_PASSWORD_RESET_PER_ADDRESS = 10
LMS_PASSWORD_RESET_WINDOW = 60 * 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# Renders that template with what is locked and who can unlock it (429).
AXES_LOCKOUT_CALLABLE = "lms.accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# "0912 000 005", "+84912000005" and "0912000005" count as one account.
AXES_USERNAME_CALLABLE = "lms.accounts.backends.axes_username"
# Behind reverse proxies the client is read from X-Forwarded-For (production sets 1).
LMS_TRUSTED_PROXY_COUNT = int(os.environ.get("LMS_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "lms.core.http.client_ip"
# The lockout lasts 15 minutes from the failure that caused it, as the message promises.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# Sessions: a shared phone at a training session should not stay signed in for weeks.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 7
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# One-time activation codes printed by ward officers stay valid this many days.
LMS_ACTIVATION_CODE_DAYS = int(os.environ.get("LMS_ACTIVATION_CODE_DAYS", "30"))

# Content Security Policy: no inline scripts, nothing from outside the site. The Wagtail admin
# gets 'unsafe-inline' scripts from lms.accounts.middleware.AdminCSPMiddleware, nowhere else.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://www.youtube.com"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "manifest-src": ["'self'"],
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Tổ công nghệ số cộng đồng"
# The address printed on certificates and activation slips (QR codes and links), read on
# phones long after printing: the address citizens reach the site on. `make run` sets it from
# HOST and PORT; production must set it (`check --deploy` refuses a missing or loopback one,
# lms.E001 in lms.core.public_url). Stored certificate PDFs made under another address are
# rebuilt when downloaded.
LMS_PUBLIC_BASE_URL = os.environ.get("LMS_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", LMS_PUBLIC_BASE_URL)

# Digital signatures (PAdES) on certificate, slip and report PDFs: lms.core.signing.
# LMS_SIGNING_KEYS is JSON naming each key's PKCS#12 file or PKCS#11 token and the env
# variable holding its passphrase/PIN (never the secret itself); a certificate template picks a
# key by name, slips and reports use LMS_SIGNING_DEFAULT_KEY. With no key defined, a local demo
# CA and issuer are generated in LMS_SIGNING_DIR; production sets LMS_SIGNING_DEMO_KEY=0.
LMS_SIGNING_ENABLED = env_bool("LMS_SIGNING_ENABLED", True)
LMS_SIGNING_DIR = Path(os.environ.get("LMS_SIGNING_DIR", VAR_DIR / "signing"))
LMS_SIGNING_KEYS = json.loads(os.environ.get("LMS_SIGNING_KEYS") or "{}")
LMS_SIGNING_DEFAULT_KEY = os.environ.get("LMS_SIGNING_DEFAULT_KEY", "default")
LMS_SIGNING_DEMO_KEY = env_bool("LMS_SIGNING_DEMO_KEY", True)
LMS_SIGNING_REASON = os.environ.get("LMS_SIGNING_REASON", "Ký số văn bản do cơ quan cấp")
LMS_SIGNING_LOCATION = os.environ.get("LMS_SIGNING_LOCATION", "Việt Nam")
# A RFC 3161 timestamp server (a Vietnamese CA's TSA): signatures become PAdES B-T.
LMS_TSA_URL = os.environ.get("LMS_TSA_URL", "")
LMS_TSA_TIMEOUT = int(os.environ.get("LMS_TSA_TIMEOUT", "10"))

# Open Badges 3.0 credentials and the offline QR payload (certificates.credentials.keys): the
# Ed25519 private key (PEM) that signs now, and earlier key files still published in the JWKS
# after a rotation. Unset, a development key is generated under var/credentials/ (check
# --deploy refuses that).
LMS_CREDENTIAL_KEY_FILE = os.environ.get("LMS_CREDENTIAL_KEY_FILE", "")
LMS_CREDENTIAL_RETIRED_KEY_FILES = env_list("LMS_CREDENTIAL_RETIRED_KEY_FILES")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "mp4"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_PASSWORD_RESET_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
