"""Deploy check (``manage.py check --deploy``): production signs with a real key or not at all.

Without it, a production site with no ``LMS_SIGNING_KEYS`` and the demo key switched off would
start and then fail on the first certificate download. A key on a PKCS#11 token is also opened
here (driver, token label, PIN, key label): that is what a new server most often lacks, and
the log of the first failed download is a poor place to learn it."""

from django.conf import settings
from django.core import checks

from .config import SigningError, SigningNotConfigured, signer_config
from .keys import loaded_signer


def signing_keys_check(app_configs=None, **kwargs):
    if settings.DEBUG or not getattr(settings, "LMS_SIGNING_ENABLED", True):
        return []
    errors = []
    if getattr(settings, "LMS_SIGNING_DEMO_KEY", False):
        errors.append(
            checks.Error(
                "LMS_SIGNING_DEMO_KEY is on: PDFs would be signed by the generated demo CA.",
                hint="Define the issuing bodies' keys in LMS_SIGNING_KEYS and set "
                "LMS_SIGNING_DEMO_KEY=0 (README 'Signed PDFs').",
                id="lms.E002",
            )
        )
        return errors
    try:
        signer_config(None)
    except SigningNotConfigured:
        errors.append(
            checks.Error(
                "No signing key named LMS_SIGNING_DEFAULT_KEY "
                f"({getattr(settings, 'LMS_SIGNING_DEFAULT_KEY', '') or 'default'!r}) is "
                "defined in LMS_SIGNING_KEYS: certificate, slip and report PDFs cannot be signed.",
                hint="Add the key to LMS_SIGNING_KEYS, or set LMS_SIGNING_ENABLED=0 to issue "
                "unsigned PDFs.",
                id="lms.E003",
            )
        )
    for name, spec in sorted((getattr(settings, "LMS_SIGNING_KEYS", None) or {}).items()):
        if not spec.get("pkcs11_module"):
            continue
        try:
            loaded_signer(signer_config(name))
        except SigningError as exc:
            errors.append(
                checks.Error(
                    f"PDFs cannot be signed: {exc}",
                    hint="Check the token is plugged in, its driver installed, and the labels "
                    "and PIN variable in LMS_SIGNING_KEYS (README 'Signed PDFs').",
                    id="lms.E004",
                )
            )
    return errors
