"""A .csv upload as text: its encoding, its delimiter, its records.

Encodings, in order: UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM (what
Excel's "Unicode Text" writes; also recognised without a BOM by its zero bytes), else
Windows-1258 (Excel's plain "CSV" on a Vietnamese Windows). Delimiters: "," ";" or tab, the
one that splits the first records into the most columns, consistently (Excel in the vi-VN
locale writes ";"; Python's ``csv.Sniffer`` prefers "," as soon as every line holds one).
"""

import codecs
import csv
import re
import unicodedata

from django.utils.translation import gettext as _

from .bounds import CSV_DELIMITERS, CSV_SNIFF_RECORDS, SpreadsheetError
from .cells import CONTROL_RE, control_message

# Lines handed to ``csv`` one at a time: a StringIO of the text would hold it again, four
# bytes a character.
_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
_CP1252 = {}
for _byte in range(256):
    try:
        _CP1252[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        _CP1252[_byte] = chr(_byte)


def _encoding_error():
    return SpreadsheetError(
        _(
            "Không đọc được bảng mã của tệp CSV. Hãy lưu lại bằng Excel với kiểu "
            "“CSV UTF-8 (Comma delimited)”."
        )
    )


def _looks_utf16(data: bytes):
    """ "le" or "be" for UTF-16 text without a BOM (every other byte zero), else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "be"
    return None


class CsvText:
    """The decoded text. ``legacy_surface`` turns a cell back into the characters a legacy
    font's bytes stand for (only differs for Windows-1258 files); ``finish`` composes it."""

    def __init__(self, data: bytes):
        self.windows = False
        try:
            if data.startswith(codecs.BOM_UTF8):
                text = data[3:].decode("utf-8")
            elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                text = data.decode("utf-16")
            elif order := _looks_utf16(data):
                text = data.decode(f"utf-16-{order}")
            else:
                text = self._utf8_or_windows(data)
        except UnicodeDecodeError as exc:
            raise _encoding_error() from exc
        # Windows-1258 writes tones as combining marks: composed per cell, after the legacy
        # fonts were looked for in the bytes as they were.
        self.text = text if self.windows else unicodedata.normalize("NFC", text)

    def _utf8_or_windows(self, data):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.windows = True
            return data.decode("cp1258")

    def legacy_surface(self, value: str) -> str:
        if not self.windows or value.isascii():
            return value
        return "".join(_CP1252[b] for b in value.encode("cp1258"))

    def finish(self, value: str) -> str:
        if not self.windows or value.isascii():
            return value
        return unicodedata.normalize("NFC", value)

    def check_controls(self):
        """Refuse a control character anywhere in the text, naming its cell."""
        found = CONTROL_RE.search(self.text)
        if not found:
            return
        for number, values in enumerate(self.records(), start=1):
            for column, value in enumerate(values, start=1):
                bad = CONTROL_RE.search(value)
                if bad:
                    raise SpreadsheetError(
                        _("Tệp CSV không hợp lệ.")
                        + " "
                        + control_message(number, column, bad.group())
                    )
        raise SpreadsheetError(_("Tệp CSV không hợp lệ."))

    def delimiter(self) -> str:
        best, best_score = ",", None
        for delimiter in CSV_DELIMITERS:
            counts = []
            reader = csv.reader(self._lines(), delimiter=delimiter, strict=False)
            try:
                for values in reader:
                    if any(v.strip() for v in values):
                        counts.append(len(values))
                    if len(counts) >= CSV_SNIFF_RECORDS:
                        break
            except csv.Error:
                continue
            if not counts:
                continue
            first = counts[0]
            steady = sum(1 for c in counts if c == first) / len(counts)
            score = (max(counts) > 1, steady >= 0.9, first)
            if best_score is None or score > best_score:
                best, best_score = delimiter, score
        return best

    def _lines(self):
        return (match.group() for match in _LINE_RE.finditer(self.text))

    def records(self, delimiter=None):
        reader = csv.reader(self._lines(), delimiter=delimiter or self.delimiter(), strict=False)
        try:
            yield from reader
        except csv.Error as exc:  # an over-long field (an unclosed quote)
            raise SpreadsheetError(_("Tệp CSV không hợp lệ.")) from exc
