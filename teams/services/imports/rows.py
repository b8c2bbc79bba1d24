"""Reading and checking one row of a member list, in memory: every problem is reported with
its row and column, and none stops the checks of the other cells."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.exports import FORMULA_TRIGGERS
from lms.core.text import normalize_text
from lms.core.validators import (
    cccd_is_female,
    normalize_phone,
    validate_cccd,
    validate_cccd_birth,
    validate_phone,
)

from ... import spreadsheets
from ...choices import Gender
from ..registry import normalize_cccd
from .places import scope_covers
from .values import CHOICE_COLUMNS, DATE_COLUMNS, NO, YES, affiliation_value, fold_cached

FIRST_BIRTH_DATE = datetime.date(1920, 1, 1)


class _Row:
    """One row being read: its cells, what has been read so far (``item``) and whether it
    is still good."""

    def __init__(self, excel_row, values, log):
        self.number = excel_row
        self.values = values
        self.log = log
        self.item = {"row": excel_row}
        self.ok = True

    def text(self, key):
        return _unneutralised(spreadsheets.cell_text(self.values.get(key)))

    def error(self, key, message):
        self.log.error(self.number, key, message)
        self.ok = False

    def warn(self, key, message):
        self.log.warn(self.number, key, message)


def _unneutralised(text):
    """Undo ``lms.core.exports.safe_cell``: the member export writes a name typed as "=x" as
    "'=x" so that spreadsheets show it as text; importing that file back means "=x"."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class RowReader:
    """Reads the rows of one file in turn, keeping what a row is checked against: the phone
    and CCCD numbers met so far (number -> first row) and the places already resolved."""

    def __init__(self, *, log, places, ward, scope):
        self.log = log
        self.places = places
        self.ward = ward  # the only ward allowed, if any
        self.scope = scope  # the importing user's; None: everything
        self.seen_phone = {}
        self.seen_cccd = {}

    def read(self, excel_row, values) -> dict:
        """One row's values, checked (``"ok"``: no error on it)."""
        row = _Row(excel_row, values, self.log)
        _read_name(row)
        _read_ids(row, seen_phone=self.seen_phone, seen_cccd=self.seen_cccd)
        _read_email(row)
        _read_dates(row)
        _read_choices(row)
        _check_cccd_person(row)
        _read_affiliation(row)
        _read_it_major(row)
        _read_place(row, places=self.places, ward=self.ward, scope=self.scope)
        row.item["ok"] = row.ok
        return row.item


def _read_name(row):
    name = normalize_text(row.text("full_name"))
    if not name:
        row.error("full_name", _("Thiếu họ và tên."))
    elif len(name) > 120:
        row.error("full_name", _("Họ và tên quá dài (tối đa 120 ký tự)."))
    row.item["full_name"] = name


def _cccd_of(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(12)  # Excel drops the leading zero(s)
    return normalize_cccd(spreadsheets.cell_text(value))


def _validate(row, key, value, validator) -> bool:
    try:
        validator(value)
    except ValidationError as exc:
        row.error(key, exc.messages[0])
        return False
    return True


def _read_ids(row, *, seen_phone, seen_cccd):
    """Phone and CCCD: valid, at least one of them, and not repeated from an earlier row."""
    phone = normalize_phone(row.text("phone"))
    cccd = _cccd_of(row.values.get("cccd"))
    if phone:
        _validate(row, "phone", phone, validate_phone)
    elif not cccd:
        row.error("phone", _("Cần số điện thoại (hoặc ít nhất số CCCD)."))
    row.item["cccd_valid"] = bool(cccd) and _validate(row, "cccd", cccd, validate_cccd)
    if phone and phone in seen_phone:
        row.error(
            "phone",
            _("Số điện thoại %(phone)s trùng với dòng %(other)s.")
            % {"phone": phone, "other": seen_phone[phone]},
        )
    if cccd and cccd in seen_cccd:
        row.error(
            "cccd",
            _("Số CCCD %(cccd)s trùng với dòng %(other)s.")
            % {"cccd": cccd, "other": seen_cccd[cccd]},
        )
    if phone:
        seen_phone.setdefault(phone, row.number)
    if cccd:
        seen_cccd.setdefault(cccd, row.number)
    row.item["phone"], row.item["cccd"] = phone, cccd


def _check_cccd_person(row):
    """A valid CCCD carries the year of birth (an error when the date of birth says another)
    and the gender (a warning: the gender column is more often mistyped than the CCCD)."""
    cccd = row.item["cccd"]
    if not (cccd and row.item.get("cccd_valid")):
        return
    _validate(row, "cccd", cccd, lambda v: validate_cccd_birth(v, row.item["date_of_birth"]))
    gender = row.item.get("gender")
    if gender in (Gender.MALE, Gender.FEMALE) and (gender == Gender.FEMALE) != cccd_is_female(cccd):
        row.warn(
            "gender",
            _("Số CCCD %(cccd)s là của người %(gender)s; kiểm tra lại cột giới tính.")
            % {"cccd": cccd, "gender": _("nữ") if cccd_is_female(cccd) else _("nam")},
        )


def _read_email(row):
    email = row.text("email").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error("email", _("Email %s không hợp lệ.") % email)
    row.item["email"] = email


def _read_dates(row):
    for key, label in DATE_COLUMNS:
        try:
            row.item[key] = spreadsheets.parse_date(row.values.get(key))
        except (ValueError, OverflowError):
            row.error(
                key,
                _("%(label)s “%(value)s” không đúng dạng ngày/tháng/năm (dd/mm/yyyy).")
                % {"label": str(label), "value": row.text(key)},
            )
            row.item[key] = None
    dob = row.item["date_of_birth"]
    if dob and not (FIRST_BIRTH_DATE <= dob <= timezone.localdate()):
        row.error("date_of_birth", _("Ngày sinh không hợp lý."))


def _read_choices(row):
    for key, table, message in CHOICE_COLUMNS:
        text = row.text(key)
        if not text:
            row.item[key] = None
            continue
        value = table.get(fold_cached(text))
        if value is None:
            row.error(key, str(message) % text)
        row.item[key] = value


def _read_affiliation(row):
    text = row.text("affiliation")
    row.item["affiliation"], unknown = affiliation_value(text)
    if unknown:
        row.warn(
            "affiliation",
            _("Đơn vị công tác “%s” không có trong danh mục; ghi là “Khác”.") % text,
        )


def _read_it_major(row):
    major = fold_cached(row.text("it_major"))
    if major in YES:
        row.item["it_major"] = True
    elif not major:
        row.item["it_major"] = None  # blank: keep what is recorded
    elif major in NO:
        row.item["it_major"] = False
    else:
        row.error("it_major", _("Chuyên ngành CNTT: ghi “Có” hoặc “Không”."))


def _read_place(row, *, places, ward, scope):
    """The ward (resolved from the province and ward names) and the hamlet's text."""
    unit, warning, place_error, place_col = places.resolve(row.text("province"), row.text("ward"))
    if place_error:
        row.error(place_col, place_error)
    elif ward is not None and unit.pk != ward.pk:
        row.error("ward", _("Chỉ được nhập danh sách của %s.") % ward.name)
    elif scope is not None and not scope.everything and not scope_covers(scope, unit):
        row.error("ward", _("%s nằm ngoài phạm vi quản lý của bạn.") % unit.name)
    elif warning:
        row.warn("ward", warning)
    row.item["ward"] = unit
    row.item["hamlet_text"] = normalize_text(row.text("hamlet"))
    if not row.item["hamlet_text"]:
        row.error("hamlet", _("Thiếu tên thôn, ấp, tổ dân phố."))
