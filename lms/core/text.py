"""Vietnamese text handling shared by every app: NFC normalisation, accent folding, masking."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_text(value):
    """Trim, collapse inner whitespace and NFC-normalise.

    Vietnamese typed on some keyboards (or pasted from PDFs) arrives decomposed: "ệ" as
    "e" + two combining marks. Stored that way, it neither matches nor sorts with the same
    word typed elsewhere, so everything is stored composed.
    """
    if value is None:
        return None
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def fold(value):
    """Lower-case ASCII form for accent-insensitive matching ("Vị Tân" -> "vi tan")."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def mask_name(full_name):
    """Keep the family name and the given name, mask the middle: "Nguyễn T** H*** Nhung"."""
    parts = normalize_text(full_name or "").split(" ")
    if len(parts) <= 1:
        return parts[0][:1] + "*" * max(len(parts[0]) - 1, 0) if parts and parts[0] else ""
    middle = [p[:1] + "*" * (len(p) - 1) for p in parts[1:-1]]
    return " ".join([parts[0], *middle, parts[-1]])


def mask_digits(value, visible=3):
    """Show only the last digits of a phone number or citizen ID."""
    if not value:
        return ""
    value = str(value)
    return "*" * max(len(value) - visible, 0) + value[-visible:]
