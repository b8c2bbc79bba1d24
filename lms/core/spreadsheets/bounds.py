"""Every bound on an uploaded spreadsheet, and the errors the reader raises.

The numbers are documented in the README's hardening section; ``MAX_ROWS`` is read from the
package (``lms.core.spreadsheets.MAX_ROWS``) at each call, so a test may lower it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALLOWED_SUFFIXES = (".xlsx", ".csv")
XLSX_MAGIC = b"PK\x03\x04"

# Lines: every line counts, blank ones too, up to the header plus MAX_ROWS.
MAX_ROWS = 100_000
# A run of blank lines longer than this is not handed on (the numbers stay right).
MAX_BLANK_RUN = 1_000
# Columns and cell length: a cell past either is refused, naming the cell.
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000

# The zip under an .xlsx.
MAX_INFLATED = 50 * 1024 * 1024  # all members together, inflated
MAX_RATIO = 100  # inflated / compressed, per member ...
RATIO_FLOOR = 1024 * 1024  # ... for members that inflate past 1 MB (small ones cannot bomb)
MAX_MEMBERS = 1_000
MAX_CENTRAL_DIRECTORY = 1024 * 1024
# XML inside: elements across all parts read, and shared strings.
MAX_XML_ELEMENTS = 3_000_000
MAX_SHARED_STRINGS = 1_000_000

CSV_DELIMITERS = ",;\t"  # Excel writes ";" where the list separator is "," (vi-VN)
CSV_SNIFF_RECORDS = 20

ENCODINGS = ("auto", "unicode", "tcvn3", "vni")
ENCODING_CHOICES = [
    ("auto", gettext_lazy("Tự nhận biết")),
    ("unicode", gettext_lazy("Unicode")),
    ("tcvn3", gettext_lazy("TCVN3 (ABC, phông .VnTime)")),
    ("vni", gettext_lazy("VNI (phông VNI-Times)")),
]
ENCODING_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def megabytes(size: int) -> str:
    return f"{round(size / 1048576, 1):g}"


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (wrong type, too big, damaged, too many rows...).
    Its text is a Vietnamese message to show as it is."""


class EncodingUnsure(SpreadsheetError):
    """Some column looks typed in a legacy font, but which one is not clear: ask the user
    to choose the encoding (``read_rows(..., encoding=...)``)."""


class NotSpreadsheet(SpreadsheetError):
    def __init__(self, message=None):
        super().__init__(message or _("Tệp không phải là bảng tính Excel .xlsx hợp lệ."))
