"""The issuer's Ed25519 keys: the one that signs now, and the retired ones still published.

``LMS_CREDENTIAL_KEY_FILE`` names a PEM file (PKCS#8) holding the private key that signs
credentials and offline QR payloads. ``LMS_CREDENTIAL_RETIRED_KEY_FILES`` lists earlier key
files (private or public PEM): they sign nothing any more, but their public halves stay in
the JWKS so that every credential and printed QR code signed with them still verifies. That
is key rotation: generate a new key, move the old path to the retired list, point
``LMS_CREDENTIAL_KEY_FILE`` at the new one.

Without ``LMS_CREDENTIAL_KEY_FILE`` (development, demo, tests) a key is generated once into
``var/credentials/`` (never committed: ``var/`` is ignored); ``check --deploy`` refuses that
in production (``credentials.E001``).

A key is named by its RFC 7638 thumbprint, cut to :data:`KID_LENGTH` characters to keep the
QR payload short: the key id is a name, not a security property (the signature is checked
against the published key itself).
"""

import functools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from joserfc.jwk import OKPKey

KID_LENGTH = 16
ALGORITHM = "EdDSA"


@dataclass(frozen=True)
class IssuerKey:
    key: OKPKey
    kid: str
    active: bool

    def public_jwk(self):
        return {
            **self.key.as_dict(private=False),
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
        }


def kid_for(key: OKPKey) -> str:
    return key.thumbprint()[:KID_LENGTH]


def dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / "credentials" / "issuer-ed25519.pem"


def configured_key_path() -> Path | None:
    value = (getattr(settings, "LMS_CREDENTIAL_KEY_FILE", "") or "").strip()
    return Path(value) if value else None


def new_private_pem() -> bytes:
    return OKPKey.generate_key("Ed25519", private=True).as_pem(private=True)


def key_file_create(path: Path) -> bool:
    """Write a new private key to ``path`` (mode 0600) unless a file is already there.

    Written to a temporary file and linked into place, so a second process racing to create
    the development key reads a complete file, never a half-written one. Returns whether this
    call created it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new_private_pem())
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


@functools.lru_cache(maxsize=16)
def _load(path: str, mtime_ns: int) -> OKPKey:
    # Keyed by modification time too: replacing the file (a rotation) takes effect without a
    # restart of the worker that signs.
    with open(path, "rb") as handle:
        key = OKPKey.import_key(handle.read())
    if key.curve_name != "Ed25519":
        raise ValueError(f"{path}: not an Ed25519 key")
    return key


def load_key(path) -> OKPKey:
    path = str(path)
    return _load(path, os.stat(path).st_mtime_ns)


def active_key() -> IssuerKey:
    path = configured_key_path()
    if path is None:
        path = dev_key_path()
        key_file_create(path)
    key = load_key(path)
    if not key.is_private:
        raise ValueError(f"{path}: the signing key file holds no private key")
    return IssuerKey(key=key, kid=kid_for(key), active=True)


def published_keys() -> list[IssuerKey]:
    """The active key first, then the retired ones (each once)."""
    keys = [active_key()]
    seen = {keys[0].kid}
    for name in getattr(settings, "LMS_CREDENTIAL_RETIRED_KEY_FILES", []) or []:
        key = load_key(name)
        kid = kid_for(key)
        if kid not in seen:
            seen.add(kid)
            keys.append(IssuerKey(key=key, kid=kid, active=False))
    return keys


def jwks() -> dict:
    """The public JSON Web Key Set (RFC 7517) verifiers fetch."""
    return {"keys": [issuer_key.public_jwk() for issuer_key in published_keys()]}
