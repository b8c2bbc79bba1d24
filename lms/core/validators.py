"""Validators for Vietnamese identifiers, shared by forms, imports and models.

Phones: a mobile number is stored as its 10 national digits ("0912345678"). Which prefixes are
real comes from Google's ``phonenumbers`` metadata for Vietnam (its ``mobile`` pattern), not
from a list kept here, so a metadata update follows new allocations.

Test phones: ``TEST_PHONE_PREFIX`` (0100 000 000 - 0100 999 999) is the one range the scale
generator and the test factories use. No Vietnamese number of any kind starts with 0100 (the
11-digit 01x mobile numbers were moved to 03/05/07/08 in 2018, landlines are 02x + 8 digits,
service numbers 1800/1900 are dialled without the 0), and ``phonenumbers`` deems it invalid;
``tests/teams/test_validators_real.py`` fails if a metadata update ever allocates it. The range is
accepted only where ``settings.LMS_ALLOW_TEST_PHONES`` is true (tests, development, demo, scale
benchmarks), never in production, so no real subscriber can be reached or impersonated by
generated data and no generated number can be typed in as a real one.

CCCD (Circular 59/2021/TT-BCA, art. 7): 12 digits; 1-3 the province where the birth was
registered, from the province codes of the 63 provinces before the 2025 merger (CCCDs keep
them); 4 the century and gender (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s,
8/9: 2300s); 5-6 the last two digits of the year of birth; 7-12 a serial.
"""

import datetime
import functools
import re
import sqlite3
from importlib import resources

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEST_PHONE_PREFIX = "0100"
_TEST_PHONE = rf"{TEST_PHONE_PREFIX}\d{{6}}"
_VN_MOBILE = phonenumbers.PhoneMetadata.metadata_for_region("VN").mobile.national_number_pattern
# The shape of a mobile number: a real Vietnamese mobile prefix, or the test range. A quick
# test for "does this look like a phone" (sign-in, lookups); ``validate_phone`` /
# ``is_mobile_phone`` also apply ``LMS_ALLOW_TEST_PHONES``.
MOBILE_RE = re.compile(rf"^(?:0(?:{_VN_MOBILE})|{_TEST_PHONE})$")
_TEST_PHONE_RE = re.compile(rf"^{_TEST_PHONE}$")


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


def allow_test_phones() -> bool:
    """``settings.LMS_ALLOW_TEST_PHONES``; off unless a settings module turns it on."""
    return bool(getattr(settings, "LMS_ALLOW_TEST_PHONES", False))


def is_mobile_phone(value) -> bool:
    """A stored-format number (10 digits) that a Vietnamese mobile subscriber can have; the
    test range only where the settings allow it."""
    if not MOBILE_RE.match(value or ""):
        return False
    return not _TEST_PHONE_RE.match(value) or allow_test_phones()


def validate_phone(value):
    if is_mobile_phone(value):
        return
    if re.fullmatch(r"0\d{9}", value or ""):
        raise ValidationError(
            _(
                "Số điện thoại %(value)s không hợp lệ: đầu số %(prefix)s không phải đầu số di "
                "động Việt Nam."
            ),
            code="invalid_phone",
            params={"value": value, "prefix": value[:3]},
        )
    raise ValidationError(
        _(
            "Số điện thoại %(value)s không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."
        ),
        code="invalid_phone",
        params={"value": value},
    )


@functools.cache
def cccd_province_codes() -> frozenset:
    """The 63 birth-registration province codes ("001" Hà Nội ... "096" Cà Mau), read from the
    pre-2025 provinces of the administrative-unit dataset the project ships
    (``vietnamadminunits``): the CCCD code is the province's statistics code with a leading 0."""
    data = resources.files("vietnamadminunits") / "data" / "dataset.db"
    with resources.as_file(data) as path:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT DISTINCT provinceCode FROM admin_units_legacy")
            return frozenset(f"0{code}" for (code,) in rows)
        finally:
            connection.close()


def cccd_birth_year(value) -> int:
    """The year of birth a CCCD carries (digit 4: the century, digits 5-6: the year)."""
    return 1900 + int(value[3]) // 2 * 100 + int(value[4:6])


def cccd_is_female(value) -> bool:
    return int(value[3]) % 2 == 1


def _invalid_cccd(message, value):
    return ValidationError(message, code="invalid_cccd", params={"value": value})


def validate_cccd(value):
    """Citizen ID (CCCD): 12 digits, a real province code and a possible year of birth."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise _invalid_cccd(_("Số CCCD %(value)s không hợp lệ: cần đúng 12 chữ số."), value)
    if value[:3] not in cccd_province_codes():
        raise _invalid_cccd(
            _(
                "Số CCCD %(value)s không hợp lệ: 3 chữ số đầu không phải mã tỉnh nơi đăng ký "
                "khai sinh (001-096, theo Thông tư 59/2021/TT-BCA)."
            ),
            value,
        )
    if cccd_birth_year(value) > timezone.localdate().year:
        raise _invalid_cccd(
            _(
                "Số CCCD %(value)s không hợp lệ: chữ số thứ 4 (thế kỷ, giới tính) và năm sinh "
                "cho một năm sinh chưa tới."
            ),
            value,
        )


def validate_cccd_birth(cccd, date_of_birth: datetime.date | None):
    """A CCCD and a date of birth given together must name the same year of birth."""
    if not cccd or date_of_birth is None:
        return
    year = cccd_birth_year(cccd)
    if year != date_of_birth.year:
        raise ValidationError(
            _("Số CCCD %(value)s ghi năm sinh %(year)s, không khớp ngày sinh %(dob)s."),
            code="cccd_birth_mismatch",
            params={"value": cccd, "year": year, "dob": date_of_birth.strftime("%d/%m/%Y")},
        )
