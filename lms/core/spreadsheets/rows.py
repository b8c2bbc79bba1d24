"""The lines a reader hands on: numbered, bounded, checked, legacy fonts converted."""

import unicodedata

from django.utils.translation import gettext as _

from lms.core import vnlegacy

from .bounds import (
    ENCODING_LABELS,
    MAX_BLANK_RUN,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    EncodingUnsure,
    SpreadsheetError,
)
from .cells import column_letter, control_message, first_control
from .xlsx import too_long


def unsure_message():
    return _(
        "Không chắc tệp được gõ bằng bảng mã nào (có chữ giống phông cũ TCVN3 hoặc VNI). "
        "Hãy chọn bảng mã của tệp rồi tải lên lại."
    )


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


class Rows:
    """``(row number, values)`` for each line, blank ones included (so numbers are those
    Excel shows), but a run of more than ``MAX_BLANK_RUN`` blank lines is skipped. The whole
    file is read at the first step (the columns are judged as a whole), so ``warnings`` and
    ``encoding_unsure`` are complete once iteration has started."""

    def __init__(self, source, *, max_rows, encoding="auto", text=None, checked=False):
        if encoding not in ("auto", "unicode", "tcvn3", "vni"):
            raise ValueError(encoding)
        self.warnings: list[str] = []
        self.encoding_unsure = False
        self._source = source
        self._max_rows = max_rows
        self._encoding = encoding
        self._text = text  # CsvText for .csv (surface/finish), None for .xlsx
        self._checked = checked  # control characters already refused for the whole text
        self._lines = None

    def __iter__(self):
        return self

    def __next__(self):
        if self._lines is None:
            self._lines = iter(self._read())
        return next(self._lines)

    def _read(self):
        lines = list(self._collect())
        self._convert(lines)
        return lines

    def _too_many(self, number, blank):
        message = _("Tệp có quá nhiều dòng (tối đa %s).") % self._max_rows
        if blank:
            message += " " + _(
                "Các dòng trống ở cuối bảng cũng được tính: hãy xoá chúng rồi tải lên lại."
            )
        return SpreadsheetError(message)

    def _collect(self):
        previous, run, width = 0, 0, 0
        limit = self._max_rows + 1
        for number, values in self._source:
            if number - previous > 1:  # rows missing from the sheet: blank lines
                if previous + 1 > limit:
                    raise self._too_many(previous + 1, True)
                for gap in range(previous + 1, min(number, previous + 1 + MAX_BLANK_RUN)):
                    if run < MAX_BLANK_RUN:
                        yield gap, (None,) * width
                    run += 1
                run += max(0, number - previous - 1 - MAX_BLANK_RUN)
            previous = number
            blank = _blank(values)
            if number > limit:
                raise self._too_many(number, blank)
            if blank:
                run += 1
                if run <= MAX_BLANK_RUN:
                    yield number, values if self._text else (None,) * width
                continue
            run = 0
            values = self._check(number, values)
            width = len(values)
            yield number, values

    def _check(self, number, values):
        if len(values) > MAX_COLUMNS:
            extra = [i for i, v in enumerate(values[MAX_COLUMNS:], MAX_COLUMNS + 1) if v]
            if extra:
                raise SpreadsheetError(
                    _("Tệp có quá nhiều cột (tối đa %(max)s): ô %(cell)s có dữ liệu.")
                    % {"max": MAX_COLUMNS, "cell": f"{column_letter(extra[0])}{number}"}
                )
            values = values[:MAX_COLUMNS]
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SpreadsheetError(too_long(number, column))
        if not self._checked:
            found = first_control(values)
            if found:
                raise SpreadsheetError(control_message(number, *found))
        return values

    # --- legacy fonts ----------------------------------------------------------------------

    def _surface(self, value):
        return self._text.legacy_surface(value) if self._text else value

    def _finish(self, value):
        if self._text:
            return self._text.finish(value)
        return value if value.isascii() else unicodedata.normalize("NFC", value)

    def _convert(self, lines):
        columns = {}  # column index -> the surfaces of its text cells that show legacy signs
        for _number, values in lines:
            for index, value in enumerate(values):
                if isinstance(value, str) and not value.isascii():
                    surface = self._surface(value)
                    if vnlegacy.has_signs(surface):
                        columns.setdefault(index, []).append(surface)
        verdicts = {}
        if self._encoding == "auto":
            for index, texts in columns.items():
                verdict = vnlegacy.judge(texts)
                if verdict == vnlegacy.UNSURE:
                    self.encoding_unsure = True
                    self.warnings.append(
                        _("Cột %(col)s có chữ lạ, có thể được gõ bằng phông cũ (TCVN3 hoặc VNI).")
                        % {"col": column_letter(index + 1)}
                    )
                elif verdict in vnlegacy.LEGACY:
                    verdicts[index] = verdict
            if self.encoding_unsure:
                self.warnings.append(unsure_message())
        elif self._encoding in vnlegacy.LEGACY:
            verdicts = dict.fromkeys(range(MAX_COLUMNS), self._encoding)
        converted = set()
        for position, (number, values) in enumerate(lines):
            new = None
            for index, value in enumerate(values):
                if not isinstance(value, str) or value.isascii():
                    continue
                encoding = verdicts.get(index)
                surface = self._surface(value) if encoding else None
                if encoding and vnlegacy.reads_better(surface, encoding):
                    result = vnlegacy.convert(surface, encoding)
                    converted.add(index)
                else:
                    result = self._finish(value)
                if result is not value:
                    new = new if new is not None else list(values)
                    new[index] = result
            if new is not None:
                lines[position] = (number, new if isinstance(values, list) else tuple(new))
        for index in sorted(converted):
            self.warnings.append(self._converted_message(index, verdicts[index]))

    def _converted_message(self, index, encoding):
        params = {"col": column_letter(index + 1), "enc": ENCODING_LABELS[encoding]}
        if self._encoding == "auto":
            return (
                _(
                    "Cột %(col)s có vẻ được gõ bằng phông %(enc)s; đã chuyển sang Unicode. "
                    "Kiểm tra lại trước khi xác nhận."
                )
                % params
            )
        return (
            _(
                "Cột %(col)s: đã chuyển từ phông %(enc)s sang Unicode theo bảng mã đã chọn. "
                "Kiểm tra lại trước khi xác nhận."
            )
            % params
        )


def raise_if_unsure(rows: Rows):
    """For callers that cannot ask: refuse a file whose encoding is unsure."""
    if rows.encoding_unsure:
        raise EncodingUnsure(" ".join(rows.warnings))
