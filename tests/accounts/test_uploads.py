"""The one upload/spreadsheet reader (``lms.core.spreadsheets``), and that the member import
and the attendance sheet upload both go through it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lms.core import spreadsheets
from lms.core.spreadsheets import SpreadsheetError, check_upload, read_rows
from tests.factories.accounts import AdminFactory
from tests.factories.attendance import TrainingSessionFactory

HEADER = ("Họ và tên", "Số điện thoại")
LINE = ("Trần Thị Mai", "0912000005")
ONLY_XLSX_CSV = "Chỉ nhận tệp .xlsx hoặc .csv."
NOT_XLSX = "Tệp không phải là bảng tính Excel .xlsx hợp lệ."


def _xlsx_bytes(*lines):
    out = io.BytesIO()
    workbook = Workbook()
    for line in lines:
        workbook.active.append(line)
    workbook.save(out)
    return out.getvalue()


def _message(call):
    with pytest.raises(SpreadsheetError) as error:
        call()
    return str(error.value)


@pytest.mark.parametrize(
    ("name", "suffix"),
    [("ds.xlsx", ".xlsx"), ("DS.CSV", ".csv"), ("C:\\Users\\An\\danh sách.xlsx", ".xlsx")],
)
def test_check_accepts_spreadsheets_and_returns_the_suffix(name, suffix):
    assert check_upload(name=name, size=10) == suffix


@pytest.mark.parametrize("name", ["virus.exe", "ds.xls", "phieu.txt", "../../etc/passwd", ""])
def test_check_refuses_other_extensions(name):
    assert _message(lambda: check_upload(name=name, size=10)) == ONLY_XLSX_CSV


def test_check_refuses_oversized_files(settings):
    settings.LMS_MAX_IMPORT_SIZE = 1048576
    assert check_upload(name="ds.csv", size=1048576) == ".csv"
    message = _message(lambda: check_upload(name="ds.csv", size=3 * 1048576))
    assert message == "Tệp quá lớn (3.0 MB); tối đa 1.0 MB."


def test_oversized_upload_is_refused_before_it_is_read(settings):
    class Upload:
        name, size = "ds.xlsx", 10**9

        def read(self):
            raise AssertionError("read before the size was checked")

    settings.LMS_MAX_IMPORT_SIZE = 1024
    assert "Tệp quá lớn" in _message(lambda: read_rows(Upload()))


def test_reads_an_xlsx_upload_with_row_numbers():
    upload = SimpleUploadedFile("ds.xlsx", _xlsx_bytes(HEADER, (), LINE))
    assert list(read_rows(upload)) == [(1, HEADER), (2, (None, None)), (3, LINE)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_reads_csv_bytes_with_or_without_bom_and_any_usual_delimiter(delimiter, encoding):
    text = "\n".join(delimiter.join(line) for line in (HEADER, LINE)) + "\n"
    rows = list(read_rows(text.encode(encoding), name="ds.csv"))
    assert rows == [(1, list(HEADER)), (2, list(LINE))]


def _zip_without_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.xlsx", b"MZ\x90\x00\x03\x00\x00\x00", NOT_XLSX),
        ("zip.xlsx", _zip_without_workbook(), NOT_XLSX),
        ("ds.csv", b"\x00\x01\x02binary", "Tệp CSV không hợp lệ."),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content, message):
    assert message in _message(lambda: read_rows(SimpleUploadedFile(name, content)))


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2)
    data = ("a\n" * 3).encode()
    assert len(list(read_rows(data, name="ds.csv"))) == 3
    rows = read_rows(("a\n" * 4).encode(), name="ds.csv")
    assert _message(lambda: list(rows)) == "Tệp có quá nhiều dòng (tối đa 2)."


# --- Both upload screens use the reader: the same bad file, the same message ------------------


def _member_import_errors(client, upload):
    response = client.post(reverse("teams_member:import"), {"file": upload})
    assert response.status_code == 200
    return list(response.context["form"].errors["file"])


def _sheet_upload_errors(client, session, upload):
    response = client.post(reverse("attendance:sheet_upload", args=[session.pk]), {"file": upload})
    assert response.status_code == 200
    return [str(error) for error in response.context["errors"]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("danh-sach.txt", "Họ và tên,Số điện thoại\n".encode(), ONLY_XLSX_CSV),
        ("danh-sach.xlsx", b"MZ\x90\x00 a program renamed", NOT_XLSX),
        ("danh-sach.csv", b"a,b\n" * 60_000, "Tệp quá lớn (0.2 MB); tối đa 0.1 MB."),
    ],
)
def test_member_import_and_attendance_sheet_refuse_alike(
    db, client, settings, name, content, message
):
    settings.LMS_MAX_IMPORT_SIZE = 100_000
    session = TrainingSessionFactory()
    client.force_login(AdminFactory())
    member_errors = _member_import_errors(client, SimpleUploadedFile(name, content))
    sheet_errors = _sheet_upload_errors(client, session, SimpleUploadedFile(name, content))
    assert member_errors == sheet_errors == [message]


def test_a_windows_1258_csv_is_read_as_vietnamese():
    """Excel's plain "CSV" on a Vietnamese Windows writes Windows-1258 (the attendance sheet
    accepted it before the readers were merged)."""
    # As Windows writes it: precomposed letters where the code page has them, tones combining.
    data = "Ho,Phone\n\u0110\u00f4\u0303 V\u0103n \u00c2n,0912000005\n".encode("cp1258")
    rows = list(read_rows(data, name="ds.csv"))
    assert [list(values) for _, values in rows][1] == ["Đỗ Văn Ân", "0912000005"]
