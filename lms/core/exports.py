"""Cells for files users open in Excel or LibreOffice: formulas neutralised, BOM on CSV.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by a
spreadsheet program as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). As OWASP
advises ("CSV injection"), such text is written with a leading apostrophe, which Excel and
LibreOffice show as plain text. Numbers are left alone: ``-5`` as a number is not text.
Every CSV and XLSX the product writes passes its text cells through :func:`safe_cell`.
"""

import csv
import io

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"


def safe_cell(value):
    """``value`` unchanged unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def csv_bytes(rows) -> bytes:
    """UTF-8 CSV with the byte-order mark Excel needs to read Vietnamese, every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(safe_row(row))
    return (CSV_BOM + out.getvalue()).encode("utf-8")
