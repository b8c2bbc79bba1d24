"""Checks on single cells, the same for .xlsx and .csv: control characters, length, names."""

import re

from django.utils.translation import gettext as _

# Control characters (C0 but tab, line feed, carriage return; DEL; C1). A NUL stored on
# SQLite broke every export of the member; on PostgreSQL it is a 500.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def column_letter(column: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def control_message(row: int, column: int, char: str) -> str:
    return _(
        "Ô %(cell)s có ký tự điều khiển không hợp lệ (mã U+%(code)s); hãy xoá ký tự này rồi "
        "tải tệp lên lại."
    ) % {"cell": cell_name(row, column), "code": f"{ord(char):04X}"}


def first_control(values):
    """(column number, character) of the first control character in a row's text, or None."""
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            found = CONTROL_RE.search(value)
            if found:
                return column, found.group()
    return None
