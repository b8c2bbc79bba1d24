"""Hand-made .xlsx files for the reader's tests, bombs included, built in memory (no binary
fixture is committed).

A bomb member is written as raw deflate: a segment is compressed once, with a full flush (so
the next copy does not depend on it), and repeated; the stream ends with an empty final
block. A gigabyte of spaces so costs a second of CRC, not a minute of deflate. ``declared``
lets a member's header claim a size other than the real one.
"""

import struct
import zlib

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
    '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
    '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"
STRINGS_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'


class Repeated:
    """``head`` + ``chunk`` * ``times`` + ``tail``, deflated without deflating it all."""

    def __init__(self, head: bytes, chunk: bytes, times: int, tail: bytes, declared=None):
        self.head, self.chunk, self.times, self.tail = head, chunk, times, tail
        self.declared = declared

    def deflate(self):
        def segment(data):
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

        end = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = segment(self.head) + segment(self.chunk) * self.times + segment(self.tail)
        body += end.flush(zlib.Z_FINISH)
        crc = zlib.crc32(self.head)
        for _ in range(self.times):
            crc = zlib.crc32(self.chunk, crc)
        crc = zlib.crc32(self.tail, crc)
        size = len(self.head) + len(self.chunk) * self.times + len(self.tail)
        return body, crc, size


def _plain(data: bytes):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def build_zip(members: dict) -> bytes:
    """A zip of ``{name: bytes | str | Repeated}``, every member deflated."""
    out, central = bytearray(), bytearray()
    for name, payload in members.items():
        if isinstance(payload, Repeated):
            body, crc, size = payload.deflate()
            size = payload.declared if payload.declared is not None else size
        else:
            body, crc, size = _plain(payload.encode() if isinstance(payload, str) else payload)
        encoded = name.encode()
        offset = len(out)
        fields = (20, 0x800, 8, 0, 0, crc, len(body), size, len(encoded), 0)
        out += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + body
        central += b"PK\x01\x02" + struct.pack(
            "<HHHHHHIIIHHHHHII", 20, 20, 0x800, 8, 0, 0, crc, len(body), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        ) + encoded  # fmt: skip
    count = len(members)
    end = struct.pack("<HHHHIIH", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


def xlsx(sheet, strings=None, **extra) -> bytes:
    """A workbook whose first sheet is ``sheet`` (XML text or Repeated) and whose shared
    strings are ``strings`` (a list of texts, XML text, or Repeated)."""
    if isinstance(strings, list):
        items = "".join(f"<si><t>{s}</t></si>" for s in strings)
        strings = f"{STRINGS_HEAD}{items}</sst>"
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings if strings is not None else f"{STRINGS_HEAD}</sst>",
    }
    members.update(extra)
    return build_zip(members)


def sheet_xml(rows) -> str:
    """A sheet of inline-string rows: ``rows`` is a list of lists of texts."""
    out = []
    for number, values in enumerate(rows, start=1):
        cells = "".join(
            f'<c t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>' for value in values
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return SHEET_HEAD + "".join(out) + SHEET_TAIL


GIGABYTE_CHUNKS = 1024  # of 1 MiB


def shared_strings_bomb() -> bytes:
    """1 GiB of shared strings in about a megabyte (the audit's was 3.1 MB)."""
    chunk = b"<si><t>" + b"a" * (1024 * 1024 - 15) + b"</t></si>"
    strings = Repeated(STRINGS_HEAD.encode(), chunk, GIGABYTE_CHUNKS, b"</sst>")
    sheet = SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL
    return xlsx(sheet, strings)


def whitespace_bomb(chunks=GIGABYTE_CHUNKS) -> bytes:
    """``chunks`` MiB of spaces inside the sheet (the audit's was accepted as "0 rows")."""
    sheet = Repeated(SHEET_HEAD.encode(), b" " * 1024 * 1024, chunks, SHEET_TAIL.encode())
    return xlsx(sheet)


def empty_rows_bomb(rows=10_000_000) -> bytes:
    """``rows`` empty rows (the audit's 92 KB attendance sheet)."""
    sheet = Repeated(SHEET_HEAD.encode(), b"<row/>" * 100_000, rows // 100_000, SHEET_TAIL.encode())
    return xlsx(sheet)
