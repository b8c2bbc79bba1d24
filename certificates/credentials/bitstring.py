"""The W3C Bitstring Status List encoding: a bitstring of at least 16 KB (131,072 entries),
GZIP-compressed, then base64url without padding, with the multibase prefix "u". Index 0 is
the left-most (most significant) bit of the first byte.
"""

import base64
import gzip

LIST_SIZE = 131_072  # entries per list: the specification's minimum, 16 KB uncompressed


def _set(bits: bytearray, indexes) -> bytearray:
    size = len(bits) * 8
    for index in indexes:
        if not 0 <= index < size:
            raise ValueError(f"status list index out of range: {index}")
        bits[index // 8] |= 0x80 >> (index % 8)
    return bits


def _pack(bits: bytes) -> str:
    # mtime=0: the same revocations always give the same bytes, hence the same ETag.
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def encode(indexes, *, size: int = LIST_SIZE) -> str:
    return _pack(_set(bytearray(size // 8), indexes))


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not a multibase base64url value")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_indexes(encoded: str, indexes) -> str:
    """``encoded`` with the bits of ``indexes`` set as well."""
    return _pack(_set(bytearray(decode(encoded)), indexes))
