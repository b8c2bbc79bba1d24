"""`check --deploy` refuses production without a real signing key (lms.E002 / lms.E003)."""

from lms.core.signing.checks import signing_keys_check


def _ids(errors):
    return [e.id for e in errors]


def test_demo_key_in_production_is_an_error(settings):
    settings.DEBUG = False
    settings.LMS_SIGNING_ENABLED = True
    settings.LMS_SIGNING_DEMO_KEY = True
    assert _ids(signing_keys_check()) == ["lms.E002"]


def test_missing_default_key_is_an_error(settings):
    settings.DEBUG = False
    settings.LMS_SIGNING_ENABLED = True
    settings.LMS_SIGNING_DEMO_KEY = False
    settings.LMS_SIGNING_KEYS = {}
    assert _ids(signing_keys_check()) == ["lms.E003"]


def test_defined_default_key_or_signing_off_passes(settings, tmp_path):
    settings.DEBUG = False
    settings.LMS_SIGNING_DEMO_KEY = False
    settings.LMS_SIGNING_ENABLED = False
    assert signing_keys_check() == []
    settings.LMS_SIGNING_ENABLED = True
    settings.LMS_SIGNING_DEFAULT_KEY = "so-tt"
    settings.LMS_SIGNING_KEYS = {"so-tt": {"pkcs12": str(tmp_path / "k.p12")}}
    assert signing_keys_check() == []
