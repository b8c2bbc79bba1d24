"""The zip under an .xlsx, checked before any of it is parsed.

A 3 MB file can inflate to gigabytes (a "zip bomb"). Every bound is checked on the central
directory first (cheap), then each member is inflated once into nothing, counting the bytes,
so a member that holds more than its header declares is refused too: nothing later trusts a
declared size.
"""

import io
import struct
import zipfile
import zlib

from django.utils.translation import gettext as _

from .bounds import (
    MAX_CENTRAL_DIRECTORY,
    MAX_INFLATED,
    MAX_MEMBERS,
    MAX_RATIO,
    RATIO_FLOOR,
    NotSpreadsheet,
    SpreadsheetError,
    megabytes,
)

_EOCD = b"PK\x05\x06"
_LOCAL = b"PK\x03\x04"
_CHUNK = 64 * 1024


def _too_big():
    return SpreadsheetError(
        _(
            "Tệp Excel khi giải nén lớn hơn %(limit)s MB (hoặc nén bất thường), không đọc "
            "được an toàn. Hãy chia nhỏ danh sách hoặc lưu lại bằng Excel."
        )
        % {"limit": megabytes(MAX_INFLATED)}
    )


def _check_directory(data: bytes):
    """Bound the central directory before ``zipfile`` builds an object per entry."""
    at = data.rfind(_EOCD, max(0, len(data) - 22 - 65535))
    if at < 0 or len(data) < at + 22:
        raise NotSpreadsheet
    entries, size = struct.unpack("<HI", data[at + 10 : at + 16])
    if entries > MAX_MEMBERS or size > MAX_CENTRAL_DIRECTORY:
        raise _too_big()


def open_archive(data: bytes) -> zipfile.ZipFile:
    """The checked archive: member count, total inflated size, per-member ratio, and every
    member's real inflated size (never more than declared)."""
    _check_directory(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise NotSpreadsheet from exc
    if len(infos) > MAX_MEMBERS:
        raise _too_big()
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SpreadsheetError(
                _("Tệp Excel đang đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.")
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotSpreadsheet
        total += info.file_size
        ratio_bad = info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        )
        if total > MAX_INFLATED or ratio_bad:
            raise _too_big()
    for info in infos:
        _check_member(data, info)
    return archive


def _check_member(data: bytes, info: zipfile.ZipInfo):
    """Inflate one member into nothing, with a bounded output, and compare with the header."""
    start = info.header_offset
    header = data[start : start + 30]
    if len(header) < 30 or not header.startswith(_LOCAL):
        raise NotSpreadsheet
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    begin = start + 30 + name_length + extra_length
    raw = memoryview(data)[begin : begin + info.compress_size]
    if len(raw) != info.compress_size:
        raise NotSpreadsheet
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise NotSpreadsheet
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for offset in range(0, len(raw), _CHUNK):
            pending = raw[offset : offset + _CHUNK]
            # The output of each call is bounded, whatever the input inflates to.
            while pending and not inflater.eof:
                produced += len(inflater.decompress(pending, _CHUNK))
                if produced > info.file_size:
                    raise _too_big()
                pending = inflater.unconsumed_tail
    except zlib.error as exc:
        raise NotSpreadsheet from exc
    if produced != info.file_size:
        raise NotSpreadsheet


def member_stream(archive: zipfile.ZipFile, name: str):
    """A member opened for streaming (its size was checked by :func:`open_archive`)."""
    try:
        return archive.open(name)
    except KeyError as exc:
        raise NotSpreadsheet from exc
