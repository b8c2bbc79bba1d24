"""Compact JWS signatures with the issuer's active key (joserfc).

joserfc (BSD) is small, typed, maintained by the Authlib author and has no dependency beyond
``cryptography``; it signs both the JWT-VC and the short QR payload. The algorithm is named
"EdDSA" (RFC 8037), which every JOSE library verifies today (PyJWT, jose, panva/jose);
joserfc flags it as deprecated in favour of RFC 9864's "Ed25519", which most verifiers do
not accept yet, so the warning is silenced here on purpose.
"""

import json
import warnings

from joserfc import jws

from .keys import ALGORITHM, active_key


def _compact_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def sign_compact(payload: dict, *, typ: str | None = None) -> str:
    """``payload`` signed as a compact JWS, with the active key's id in the header."""
    issuer_key = active_key()
    header = {"alg": ALGORITHM, "kid": issuer_key.kid}
    if typ:
        header["typ"] = typ
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jws.serialize_compact(
            header, _compact_json(payload), issuer_key.key, algorithms=[ALGORITHM]
        )
