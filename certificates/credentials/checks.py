"""Deploy check: production signs credentials with a key it was given, not a generated one."""

from django.core import checks

from .keys import configured_key_path, load_key


def signing_key_check(app_configs=None, **kwargs):
    path = configured_key_path()
    if path is None:
        return [
            checks.Error(
                "LMS_CREDENTIAL_KEY_FILE is not set: credentials would be signed with a "
                "development key generated under var/.",
                hint="Generate a key with `manage.py credentials_key generate <path>` and set "
                "LMS_CREDENTIAL_KEY_FILE to it.",
                id="credentials.E001",
            )
        ]
    try:
        key = load_key(path)
    except (OSError, ValueError) as error:
        return [
            checks.Error(
                f"LMS_CREDENTIAL_KEY_FILE cannot be read as an Ed25519 key: {error}",
                id="credentials.E002",
            )
        ]
    if not key.is_private:
        return [
            checks.Error(
                "LMS_CREDENTIAL_KEY_FILE holds a public key; signing needs the private key.",
                id="credentials.E003",
            )
        ]
    return []
