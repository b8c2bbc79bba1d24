"""The first sheet of an .xlsx, streamed with expat: one pass, nothing kept but the current
row, the shared strings and the date styles.

openpyxl is not used for reading: its read-only mode pads every row to the sheet's declared
<dimension> (which a file may set to 16,384 columns), keeps a cleared element per row, builds
a whole <row> before handing it on, and reads 100,000 lines in tens of seconds. Here every
element is counted, no tree is built, a DTD (entity expansion) is refused, and only cells
within ``MAX_COLUMNS`` are kept. Values come back as openpyxl gives them with
``data_only=True``: text, int or float, bool, datetime for date-formatted numbers, the cached
result of a formula.
"""

import posixpath
import re
import zlib
from pyexpat import ExpatError, ParserCreate
from zipfile import BadZipFile

from django.utils.translation import gettext as _

from .archive import member_stream, open_archive
from .bounds import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_SHARED_STRINGS,
    MAX_XML_ELEMENTS,
    XLSX_MAGIC,
    NotSpreadsheet,
    SpreadsheetError,
)
from .cells import cell_name

_CHUNK = 64 * 1024
_REF_RE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REL_TYPES = ("officeDocument", "worksheet", "sharedStrings", "styles")
MAX_EXCEL_COLUMN = 16_384
MAX_EXCEL_ROW = 1_048_576


class TooLong(str):
    """A shared string past ``MAX_CELL_CHARS``: only its start is kept, and a cell that uses
    it is refused."""


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _unescape(text: str) -> str:
    # Excel writes characters XML cannot hold as _xHHHH_ ("_x000D_" for a carriage return).
    if "_x" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Budget:
    def __init__(self):
        self.elements = 0

    def spend(self):
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise SpreadsheetError(
                _(
                    "Tệp Excel có cấu trúc quá lớn để đọc an toàn; hãy chia nhỏ danh sách "
                    "hoặc lưu lại bằng Excel."
                )
            )


def _refuse_dtd(*_args):
    raise NotSpreadsheet


class _Names(dict):
    """Local names of expat's "namespace local" tags, cached (bounded: a file may invent
    any number of tags)."""

    def __missing__(self, tag):
        local = tag.rpartition(" ")[2]
        if len(self) < 1_000:
            self[tag] = local
        return local


def _parse(archive, name, budget, start=None, end=None, text=None, raw=False):
    """Feed a member to expat in chunks; yields after each chunk so callers can stream.
    Handlers get local tag names, or (``raw``) expat's tags, counting elements themselves."""
    parser = ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    names = _Names()
    if raw:
        parser.StartElementHandler = start
        parser.EndElementHandler = end
    else:

        def on_start(tag, attrs):
            budget.spend()
            if start is not None:
                start(names[tag], attrs)

        parser.StartElementHandler = on_start
        if end is not None:
            parser.EndElementHandler = lambda tag: end(names[tag])
    if text is not None:
        parser.CharacterDataHandler = text
    with member_stream(archive, name) as stream:
        try:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        except (ExpatError, ValueError, OSError, EOFError, BadZipFile, zlib.error) as exc:
            raise NotSpreadsheet from exc
    yield


def _drain(parsing):
    for _step in parsing:
        pass


def _attr(attrs, local):
    """An attribute by local name, whatever its namespace (transitional or strict)."""
    for key, value in attrs.items():
        if _local(key) == local:
            return value
    return None


def _relations(archive, part, budget):
    """{id: (type, target path)} of a part's relationships."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    found = {}

    def start(tag, attrs):
        if tag == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found[attrs.get("Id")] = (attrs.get("Type", ""), posixpath.normpath(path))

    if rels_name in archive.NameToInfo:
        _drain(_parse(archive, rels_name, budget, start=start))
    return found


def _of_type(relations, kind):
    for rel_type, path in relations.values():
        if rel_type.endswith("/" + kind):
            return path
    return None


class Workbook:
    """Where the first sheet, its strings and styles are; the 1904 date flag."""

    def __init__(self, archive, budget):
        root = _of_type(_relations(archive, "", budget), "officeDocument") or "xl/workbook.xml"
        if root not in archive.NameToInfo:
            raise NotSpreadsheet
        relations = _relations(archive, root, budget)
        sheets = []
        flags = {}

        def start(tag, attrs):
            if tag == "sheet":
                sheets.append(_attr(attrs, "id"))
            elif tag == "workbookPr":
                flags["1904"] = attrs.get("date1904") in ("1", "true")

        _drain(_parse(archive, root, budget, start=start))
        self.sheet = None
        for rel_id in sheets:
            rel_type, path = relations.get(rel_id, ("", ""))
            if rel_type.endswith("/worksheet") and path in archive.NameToInfo:
                self.sheet = path
                break
        if self.sheet is None:
            raise NotSpreadsheet
        self.strings = _of_type(relations, "sharedStrings")
        self.styles = _of_type(relations, "styles")
        self.date1904 = flags.get("1904", False)


def _shared_strings(archive, name, budget):
    strings = []
    if not name or name not in archive.NameToInfo:
        return strings
    state = {"parts": None, "size": 0, "in_t": False, "phonetic": 0}

    def start(tag, attrs):
        if tag == "si":
            state["parts"], state["size"] = [], 0
        elif tag == "t" and state["parts"] is not None and not state["phonetic"]:
            state["in_t"] = True
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(tag):
        if tag == "si":
            text = _unescape("".join(state["parts"]))
            strings.append(TooLong(text[:MAX_CELL_CHARS]) if len(text) > MAX_CELL_CHARS else text)
            state["parts"] = None
            if len(strings) > MAX_SHARED_STRINGS:
                raise SpreadsheetError(
                    _("Tệp Excel có quá nhiều chuỗi chữ khác nhau (tối đa %s).")
                    % MAX_SHARED_STRINGS
                )
        elif tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1

    def text(data):
        if state["in_t"] and state["size"] <= MAX_CELL_CHARS:
            state["parts"].append(data)
            state["size"] += len(data)

    _drain(_parse(archive, name, budget, start=start, end=end, text=text))
    return strings


def _date_styles(archive, name, budget):
    """{cell style index: is a duration} for styles whose number format is a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    if not name or name not in archive.NameToInfo:
        return {}
    formats = dict(BUILTIN_FORMATS)
    xfs = []
    state = {"in_xfs": False}

    def start(tag, attrs):
        if tag == "numFmt":
            try:
                formats[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            except ValueError as exc:
                raise NotSpreadsheet from exc
        elif tag == "cellXfs":
            state["in_xfs"] = True
        elif tag == "xf" and state["in_xfs"]:
            xfs.append(attrs.get("numFmtId", "0"))

    def end(tag):
        if tag == "cellXfs":
            state["in_xfs"] = False

    _drain(_parse(archive, name, budget, start=start, end=end))
    dates = {}
    for index, fmt_id in enumerate(xfs):
        code = formats.get(int(fmt_id)) if fmt_id.isdigit() else None
        if code and is_date_format(code):
            dates[index] = is_timedelta_format(code)
    return dates


def _number(text):
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


class SheetReader:
    """``(row number, values)`` for each <row> of the first sheet, as it streams. The
    handlers get expat's tags and keep their state on the reader: they run once per element
    of a sheet that may hold millions, so they avoid every call they can."""

    def __init__(self, data: bytes):
        if not data.startswith(XLSX_MAGIC):
            raise NotSpreadsheet
        self.archive = open_archive(data)
        self.budget = _Budget()
        book = Workbook(self.archive, self.budget)
        self.sheet = book.sheet
        self.strings = _shared_strings(self.archive, book.strings, self.budget)
        self.dates = _date_styles(self.archive, book.styles, self.budget)
        self.date1904 = book.date1904
        self.names = _Names()
        self.row = self.column = 0
        self.cells = None  # {column: value} of the row being read
        self.cell = None  # (column, type, style) of the cell being read
        self.text = None  # parts of its value
        self.size = self.inline = self.phonetic = 0
        self.collecting = False
        self.done = []

    def __iter__(self):
        parsing = _parse(
            self.archive, self.sheet, self.budget, self._start, self._end, self._text, raw=True
        )
        try:
            for _step in parsing:
                if self.done:
                    yield from self.done
                    self.done = []
        finally:
            self.archive.close()

    def _start(self, tag, attrs):
        budget = self.budget
        budget.elements += 1
        if budget.elements > MAX_XML_ELEMENTS:
            budget.spend()
        tag = self.names[tag]
        self.collecting = False
        if tag == "c":
            if self.cells is None:
                return
            ref = attrs.get("r")
            self.column = self.column + 1 if ref is None else _column_of(ref)
            self.cell = (self.column, attrs.get("t", "n"), attrs.get("s", "0"))
            self.text = None
        elif tag == "v" or tag == "t":
            if self.cell is not None and (
                (tag == "v" and not self.inline)
                or (tag == "t" and self.inline and not self.phonetic)
            ):
                if self.text is None:
                    self.text, self.size = [], 0
                self.collecting = True
        elif tag == "row":
            number = attrs.get("r")
            if number is None:
                self.row += 1
            elif number.isdigit() and self.row < int(number) <= MAX_EXCEL_ROW:
                self.row = int(number)
            else:
                raise NotSpreadsheet
            self.column = 0
            self.cells = {}
        elif tag == "is" and self.cell is not None:
            self.inline += 1
        elif tag == "rPh" and self.cell is not None:
            self.phonetic += 1

    def _text(self, data):
        if self.collecting and self.size <= 4 * MAX_CELL_CHARS:
            self.text.append(data)
            self.size += len(data)

    def _end(self, tag):
        self.collecting = False
        tag = self.names[tag]
        if tag == "c":
            if self.cell is None:
                return
            column, kind, style = self.cell
            if self.text is not None:
                value = self._value(kind, style, "".join(self.text), column)
                if value is not None and value != "":
                    if column > MAX_COLUMNS:
                        raise SpreadsheetError(
                            _("Tệp có quá nhiều cột (tối đa %(max)s): ô %(cell)s có dữ liệu.")
                            % {"max": MAX_COLUMNS, "cell": cell_name(self.row, column)}
                        )
                    self.cells[column] = value
            self.cell = None
            self.inline = self.phonetic = 0
        elif tag == "row":
            if self.cells is None:
                return
            cells = self.cells
            width = max(cells, default=0)
            self.done.append((self.row, tuple(cells.get(i) for i in range(1, width + 1))))
            self.cells = None
        elif tag == "is":
            self.inline = max(0, self.inline - 1)
        elif tag == "rPh":
            self.phonetic = max(0, self.phonetic - 1)

    def _value(self, kind, style, text, column):
        try:
            if kind == "s":
                value = self.strings[int(text)]
                if isinstance(value, TooLong):
                    raise SpreadsheetError(too_long(self.row, column))
                return value
            if kind == "n":
                text = text.strip()
                return self._maybe_date(_number(text), style) if text else None
            if kind in ("inlineStr", "str", "e"):
                return _unescape(text)
            if kind == "b":
                return bool(int(text))
            if kind == "d":
                from openpyxl.utils.datetime import from_ISO8601

                return from_ISO8601(text.strip())
        except (ValueError, IndexError, TypeError, OverflowError) as exc:
            raise NotSpreadsheet from exc
        raise NotSpreadsheet

    def _maybe_date(self, number, style):
        if style == "0" or not style.isdigit() or int(style) not in self.dates:
            return number
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        epoch = CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900
        try:
            return from_excel(number, epoch, timedelta=self.dates[int(style)])
        except (OverflowError, ValueError):
            return number


def too_long(row, column):
    return _("Ô %(cell)s dài quá %(max)s ký tự.") % {
        "cell": cell_name(row, column),
        "max": f"{MAX_CELL_CHARS:,}".replace(",", "."),
    }


_LETTERS = {}


def _column_of(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    column = _LETTERS.get(letters)
    if column is None:
        if not _REF_RE.fullmatch(ref):
            raise NotSpreadsheet
        column = 0
        for letter in letters.upper():
            column = column * 26 + ord(letter) - 64
        if column > MAX_EXCEL_COLUMN:
            raise NotSpreadsheet
        if len(_LETTERS) < MAX_EXCEL_COLUMN:
            _LETTERS[letters] = column
    if len(letters) == len(ref):
        raise NotSpreadsheet
    return column
