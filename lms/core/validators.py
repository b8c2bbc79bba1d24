"""Validators for Vietnamese identifiers, shared by forms, imports and models."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile prefixes in use since the 2018 renumbering (Viettel, Vinaphone, Mobifone, Vietnamobile,
# Gmobile, Itelecom, Reddi).
MOBILE_RE = re.compile(r"^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}$")


def normalize_phone(value):
    """Accept "+84 912 345 678", "0912.345.678", "84912345678"; return "0912345678"."""
    if value is None:
        return ""
    digits = re.sub(r"[\s.\-()]", "", str(value).strip())
    if digits.endswith(".0"):  # numbers read from Excel as floats
        digits = digits[:-2]
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "35789":  # Excel dropped the leading zero
        digits = "0" + digits
    return digits


def validate_phone(value):
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Số điện thoại %(value)s không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."
            ),
            code="invalid_phone",
            params={"value": value},
        )


def validate_cccd(value):
    """Citizen ID (CCCD): 12 digits; the first three are the province code of birth
    registration (001-096), the fourth encodes century and gender."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(
            _("Số CCCD %(value)s không hợp lệ: cần đúng 12 chữ số."),
            code="invalid_cccd",
            params={"value": value},
        )
    if int(value[:3]) > 96 or int(value[:3]) == 0:
        raise ValidationError(
            _("Số CCCD %(value)s không hợp lệ: 3 chữ số đầu phải là mã tỉnh (001-096)."),
            code="invalid_cccd",
            params={"value": value},
        )
