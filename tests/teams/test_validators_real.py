"""Phones and CCCDs checked against the real numbering (issue 15.14 and What-to-build 8), and the
test phone range that generated data uses: one no real subscriber has, accepted only where the
settings allow it."""

import datetime
import random
import sqlite3
from importlib import resources

import phonenumbers
import pytest
from django.core.exceptions import ValidationError

from lms.core.validators import (
    TEST_PHONE_PREFIX,
    cccd_province_codes,
    is_mobile_phone,
    validate_cccd,
    validate_phone,
)
from lms.scale.generator import PHONE_PREFIX
from lms.scale.generator.people import People
from teams.services import member_import
from tests.factories.accounts import UserFactory
from tests.factories.teams import MemberFactory
from tests.teams.member_files import row, xlsx_bytes

# -- CCCD ---------------------------------------------------------------------------------------


def test_province_codes_are_the_63_pre_merger_provinces_of_the_shipped_dataset():
    data = resources.files("vietnamadminunits") / "data" / "dataset.db"
    with resources.as_file(data) as path:
        connection = sqlite3.connect(path)
        legacy = {c for (c,) in connection.execute("SELECT provinceCode FROM admin_units_legacy")}
        current = {c for (c,) in connection.execute("SELECT provinceCode FROM admin_units")}
        connection.close()
    codes = cccd_province_codes()
    assert len(codes) == 63
    assert codes == {f"0{c}" for c in legacy}
    # The 34 provinces since 2025 kept codes of merged provinces: every one is a CCCD code.
    assert {f"0{c}" for c in current} <= codes
    assert {"001", "031", "079", "092", "096"} <= codes
    assert not {"000", "003", "005", "013", "097", "099"} & codes


@pytest.mark.parametrize(
    "cccd",
    [
        "003090000001",  # 003: no province has it (issue 15.14)
        "097090000001",
        "000090000001",
        "001490000001",  # 4: a man born in 2190
        "001890000001",  # 8: 2390
        "001299000001",  # 2: born in 2099
    ],
)
def test_impossible_cccds_are_refused(cccd):
    with pytest.raises(ValidationError):
        validate_cccd(cccd)


@pytest.mark.parametrize("cccd", ["001090000001", "096199000001", "092305000001", "079200000001"])
def test_real_shaped_cccds_pass(cccd):
    validate_cccd(cccd)


def test_next_years_birth_is_refused_this_years_accepted():
    year = datetime.date.today().year
    digit = 2 + 0  # a boy of this century
    validate_cccd(f"001{digit}{year % 100:02d}000001")
    with pytest.raises(ValidationError):
        validate_cccd(f"001{digit}{(year + 1) % 100:02d}000001")


def _import_one(area, **cells):
    return member_import(
        file=xlsx_bytes([row("Người Thử", "0912345099", **cells)]), file_name="a.xlsx"
    )


def test_import_refuses_a_cccd_whose_birth_year_contradicts_the_birth_date(area):
    report = _import_one(area, cccd="092090000123", date_of_birth="15/03/1991")
    assert [issue.message for issue in report.errors] == [
        "Số CCCD 092090000123 ghi năm sinh 1990, không khớp ngày sinh 15/03/1991."
    ]
    assert _import_one(area, cccd="092090000123", date_of_birth="15/03/1990").ok


def test_import_warns_when_the_gender_contradicts_the_cccd(area):
    report = _import_one(area, cccd="092190000123", gender="Nam", date_of_birth="15/03/1990")
    assert report.ok
    assert any("người nữ" in issue.message for issue in report.warnings)


# -- Phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["0912345678", "0362345678", "0862345678", "0562345678", "0592345678", "0702345678"]
)
def test_real_mobile_prefixes_pass(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["0501234567", "0531234567", "0601234567", "0801234567"])
def test_unallocated_prefixes_are_refused_with_the_prefix_named(phone):
    with pytest.raises(ValidationError) as exc:
        validate_phone(phone)
    assert f"đầu số {phone[:3]}" in exc.value.messages[0]


def test_the_validator_agrees_with_phonenumbers_on_every_prefix():
    for prefix in range(100, 1000):  # 00... is the international prefix
        phone = f"0{prefix}123456"
        if phone.startswith(TEST_PHONE_PREFIX):
            continue
        number = phonenumbers.parse(phone, "VN")
        real = phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        assert is_mobile_phone(phone) == real, phone


def test_the_test_range_is_no_real_number_of_any_kind():
    # If a phonenumbers update ever allocates it, this fails and the range must move.
    for phone in ("0100000000", "0100123456", "0100999999"):
        number = phonenumbers.parse(phone, "VN")
        assert not phonenumbers.is_valid_number(number)
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.UNKNOWN


def test_the_test_range_is_accepted_only_where_the_settings_allow_it(settings):
    settings.LMS_ALLOW_TEST_PHONES = False  # production
    with pytest.raises(ValidationError):
        validate_phone("0100000001")
    settings.LMS_ALLOW_TEST_PHONES = True  # tests, development, demo, scale
    validate_phone("0100000001")


# -- Generated data: the scale generator and the factories -------------------------------------


def test_scale_people_use_the_test_range_and_pass_every_check(settings):
    settings.LMS_ALLOW_TEST_PHONES = True
    assert PHONE_PREFIX == TEST_PHONE_PREFIX
    people = People(random.Random(1))
    for code in ("01", "79", "92", "96"):
        for _ in range(100):
            person = people.person(southern=code in ("79", "92", "96"), province_code=code)
            assert person["phone"].startswith(TEST_PHONE_PREFIX)
            validate_phone(person["phone"])
            if person["cccd"]:
                validate_cccd(person["cccd"])
                assert int(person["cccd"][3]) // 2 * 100 + 1900 + int(person["cccd"][4:6]) == (
                    person["date_of_birth"].year
                )


def test_factories_use_the_test_range(db, settings):
    settings.LMS_ALLOW_TEST_PHONES = True
    for phone in (MemberFactory.build().phone, UserFactory.build().phone):
        assert phone.startswith(TEST_PHONE_PREFIX)
        validate_phone(phone)
