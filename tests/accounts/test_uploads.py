"""The shared upload check (``lms.uploads.validate_upload``)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from lms.uploads import validate_upload


def _xlsx_bytes():
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Số điện thoại"])
    workbook.save(out)
    return out.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_accepts_a_real_xlsx_and_returns_its_name():
    file = _upload("danh-sach-thanh-vien.xlsx", _xlsx_bytes())
    assert validate_upload(file) == "danh-sach-thanh-vien.xlsx"
    assert file.tell() == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_accepts_csv_text_in_common_encodings(encoding):
    content = "Danh sách,Đà Lat\nMai,0912000005\n".encode(encoding)
    assert validate_upload(_upload("ds.csv", content)) == "ds.csv"


def test_name_is_nfc_normalised():
    import unicodedata

    name = unicodedata.normalize("NFD", "danh-sách.csv")
    assert validate_upload(_upload(name, b"a,b\n")) == unicodedata.normalize("NFC", name)


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "bad_extension", "Chỉ nhận tệp .xlsx, .csv"),
        ("ds.xls", b"\xd0\xcf\x11\xe0", "bad_extension", "không đúng loại"),
        ("virus.xlsx", b"MZ\x90\x00\x03\x00\x00\x00", "content_mismatch", "không khớp"),
        ("ds.csv", b"\x00\x01\x02binary", "content_mismatch", "không khớp"),
        ("zip.xlsx", None, "content_mismatch", "không khớp"),
        ("../../etc/passwd.csv", b"a,b", "bad_name", "không hợp lệ"),
        ("..\\..\\win.csv", b"a,b", "bad_name", "không hợp lệ"),
        ("C:\\temp\\ds.csv", b"a,b", "bad_name", "không hợp lệ"),
        (".htaccess.csv", b"a,b", "bad_name", "không hợp lệ"),
        ("ds\x00.csv", b"a,b", "bad_name", "không hợp lệ"),
        ("a" * 300 + ".csv", b"a,b", "bad_name", "không hợp lệ"),
        ("empty.csv", b"", "empty", "rỗng"),
    ],
)
def test_refuses_bad_files_with_vietnamese_messages(name, content, code, message):
    if content is None:  # a zip that is not an Office document
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "xin chào")
        content = out.getvalue()
    file = SimpleUploadedFile("placeholder", content)
    # Django's UploadedFile.name setter strips directories; set the raw name, as a storage
    # backend, a test client or another framework might hand it over.
    file._name = name
    with pytest.raises(ValidationError) as error:
        validate_upload(file)
    assert error.value.code == code
    assert message in " ".join(error.value.messages)


def test_refuses_oversized_files(settings):
    settings.LMS_MAX_IMPORT_SIZE = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(_upload("ds.csv", b"a" * 2048))
    assert error.value.code == "too_large"
    assert "Tệp quá lớn" in error.value.messages[0]
    assert "giới hạn là" in error.value.messages[0]


def test_custom_allow_list_and_limit():
    with pytest.raises(ValidationError):
        validate_upload(_upload("ds.csv", b"a,b"), allowed=("xlsx",))
    with pytest.raises(ValidationError):
        validate_upload(_upload("ds.csv", b"a,b\n" * 10), max_size=8)


def test_missing_file():
    with pytest.raises(ValidationError) as error:
        validate_upload(None)
    assert error.value.code == "required"
