"""One-time activation codes: how they look, how they are stored.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed as
``ABCD-EFGH`` so it can be read aloud or typed on a phone. 32^8 ≈ 10^12 possibilities plus the
axes lockout make guessing hopeless, which is why a fast keyed hash (HMAC-SHA256 with the secret
key) is enough: a slow password hasher would make printing 200 slips take minutes.
"""

import re
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-_.]")
_SALT = "lms.accounts.activation-code"


def code_generate():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalize(value):
    """What the person typed, in canonical form: "abcd efgh" and "ABCD-EFGH" are the same."""
    return _SEPARATORS.sub("", str(value or "")).upper()


def code_hash(*, user_id, code):
    # The user id is part of the message so equal codes of two people never share a hash.
    return salted_hmac(_SALT, f"{user_id}:{code_normalize(code)}", algorithm="sha256").hexdigest()


def code_matches(*, user_id, code, hashed):
    return constant_time_compare(code_hash(user_id=user_id, code=code), hashed)
