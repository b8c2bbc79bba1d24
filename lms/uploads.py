"""One check for every uploaded file: member imports, attendance sheets, any spreadsheet.

``validate_upload(file)`` refuses, with a Vietnamese message and before anything is read into
the database: a file name with path tricks or control characters, an extension outside the
allow-list, a file over the size limit (``LMS_MAX_IMPORT_SIZE``), and content that does not
match its extension (an .xlsx must be a ZIP holding ``[Content_Types].xml``; a .csv must be
text, UTF-8 or, for files saved by old Excel, Windows-1258/1252). Renaming ``virus.exe`` to
``danh-sach.xlsx`` does not get through.
"""

import io
import unicodedata
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_ALLOWED = ("xlsx", "csv")
SNIFF_BYTES = 64 * 1024
MAX_NAME_LENGTH = 200


def safe_file_name(name):
    """The bare file name, NFC-normalised, or a ValidationError for names that try tricks."""
    name = unicodedata.normalize("NFC", str(name or "")).strip()
    if not name:
        raise ValidationError(_("Tệp không có tên."), code="no_name")
    if (
        "\x00" in name
        or any(unicodedata.category(ch) == "Cc" for ch in name)
        or "/" in name
        or "\\" in name
        or name in {".", ".."}
        or name.startswith(".")
        or PurePosixPath(name).name != name
        or PureWindowsPath(name).name != name
        or len(name) > MAX_NAME_LENGTH
    ):
        raise ValidationError(
            _(
                "Tên tệp “%(name)s” không hợp lệ. Hãy đổi tên tệp (chỉ gồm chữ, số, dấu gạch) rồi tải lên lại."
            ),
            code="bad_name",
            params={"name": name[:80]},
        )
    return name


def validate_upload(file, *, allowed=DEFAULT_ALLOWED, max_size=None):
    """Check an ``UploadedFile``; return its safe name. Leaves the file positioned at 0."""
    max_size = settings.LMS_MAX_IMPORT_SIZE if max_size is None else max_size
    if file is None:
        raise ValidationError(_("Chưa chọn tệp."), code="required")
    name = safe_file_name(getattr(file, "name", ""))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = tuple(ext.lower().lstrip(".") for ext in allowed)
    if extension not in allowed:
        raise ValidationError(
            _("Chỉ nhận tệp %(allowed)s; tệp “%(name)s” không đúng loại."),
            code="bad_extension",
            params={"allowed": ", ".join(f".{ext}" for ext in allowed), "name": name},
        )
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), code="empty", params={"name": name})
    if size > max_size:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_size)},
        )
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if extension in ("xlsx", "docx", "pptx", "zip"):
        _check_zip(file, head, name, office=extension != "zip")
    elif extension in ("csv", "txt"):
        _check_text(head, name)
    elif extension == "pdf" and not head.startswith(b"%PDF-"):
        _mismatch(name)
    file.seek(0)
    return name


def _mismatch(name):
    raise ValidationError(
        _("Nội dung tệp “%(name)s” không khớp với phần mở rộng của tệp."),
        code="content_mismatch",
        params={"name": name},
    )


def _check_zip(file, head, name, *, office):
    if not head.startswith(b"PK\x03\x04"):
        _mismatch(name)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        _mismatch(name)
    if office and "[Content_Types].xml" not in names:
        _mismatch(name)


def _check_text(head, name):
    if b"\x00" in head:
        _mismatch(name)
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            # The sniffed block may end mid-character; ignore only the last 3 bytes' worth.
            head.decode(encoding) if len(head) < SNIFF_BYTES else head[:-3].decode(encoding)
        except UnicodeDecodeError:
            continue
        return
    _mismatch(name)
