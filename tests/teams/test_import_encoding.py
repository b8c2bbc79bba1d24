"""The member import through the admin page, with the files the audit used (issue 15, items
1, 9, 13, 14): a semicolon sheet from Excel's Vietnamese locale, a UTF-16 "Unicode text" file,
names typed in TCVN3, a file of unclear encoding, and the bombs, which must leave nothing
waiting in ``PendingImport``."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teams.models import PendingImport
from tests.core import xlsx_files
from tests.teams.member_files import HEADERS, good_rows

pytestmark = pytest.mark.django_db

TCVN3_NAME, UNICODE_NAME = "NguyÔn V¨n Tïng", "Nguyễn Văn Tùng"


def _text(rows, delimiter, headers=HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.datetime) else v for v in row]
        )
    return buffer.getvalue()


def _post(client, name, data, **extra):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("teams_member:import"), {"file": upload, **extra})


def _vi_vn_rows():
    """good_rows as Excel vi-VN writes them: ";" between cells, and a note with a comma on
    every line (which made the old sniffer pick ",")."""
    rows = good_rows()
    for number, row in enumerate(rows):
        row[-1] = f"ghi chú {number}, đã kiểm tra"
    return rows


def test_a_semicolon_sheet_with_vietnamese_headers_is_previewed(client, area, users):
    client.force_login(users.ward_officer)
    headers = [*HEADERS[:-1], "Ghi chú (nếu có, ghi rõ)"]  # a comma on every line
    data = _text(_vi_vn_rows(), ";", headers=headers).encode("utf-8-sig")
    response = _post(client, "ds.csv", data)
    assert "form" not in response.context or not response.context["form"].errors
    report = response.context["report"]
    assert report.total_rows == 3 and report.ok
    assert "token" in response.context


def test_a_utf16_csv_is_previewed_not_a_500(client, area, users):
    client.force_login(users.ward_officer)
    data = _text(good_rows(), "\t").encode("utf-16")
    response = _post(client, "ds.csv", data)
    assert response.status_code == 200
    assert response.context["report"].total_rows == 3


def test_tcvn3_names_are_previewed_in_unicode(client, area, users):
    client.force_login(users.ward_officer)
    rows = good_rows()
    rows[0][0] = TCVN3_NAME
    rows[1][0] = "Vâ ThÞ Thu Hµ"
    data = _text(rows, ",").encode("utf-8-sig")
    response = _post(client, "ds.csv", data)
    created = {name for _row, name, _phone in response.context["report"].created}
    assert created == {UNICODE_NAME, "Võ Thị Thu Hà"}


def test_the_reader_warning_is_shown_in_the_preview(client, area, users):
    """Needs ``member_import`` to hand the sheet's warnings to the report (``file_warnings``)."""
    client.force_login(users.ward_officer)
    rows = good_rows()
    rows[0][0] = TCVN3_NAME
    rows[1][0] = "Vâ ThÞ Thu Hµ"
    response = _post(client, "ds.csv", _text(rows, ",").encode("utf-8-sig"))
    assert "có vẻ được gõ bằng phông TCVN3 (ABC)" in response.content.decode()


def _unsure_file():
    rows = good_rows()
    rows[0][0] = TCVN3_NAME
    rows[1][0] = "Nguyeãn Vaên Tuøng"  # VNI in the same column: mixed signals
    return _text(rows, ",").encode("utf-8-sig")


def test_an_unsure_encoding_asks_the_user_and_keeps_nothing(client, area, users):
    client.force_login(users.ward_officer)
    response = _post(client, "ds.csv", _unsure_file())
    form = response.context["form"]
    assert any("Hãy chọn bảng mã" in e for e in form.errors["file"])
    assert form.asks_encoding
    assert 'name="encoding"' in response.content.decode()
    assert not PendingImport.objects.exists()
    # Without a doubt, the choice is not shown.
    response = client.get(reverse("teams_member:import"))
    assert 'name="encoding"' not in response.content.decode()


def test_the_chosen_encoding_is_used(client, area, users):
    """Needs the view to pass the form's ``encoding`` to ``member_import``."""
    client.force_login(users.ward_officer)
    response = _post(client, "ds.csv", _unsure_file(), encoding="tcvn3")
    created = {name for _row, name, _phone in response.context["report"].created}
    assert UNICODE_NAME in created


@pytest.mark.parametrize(
    "build",
    [
        xlsx_files.shared_strings_bomb,
        lambda: xlsx_files.whitespace_bomb(chunks=60),
        lambda: xlsx_files.empty_rows_bomb(rows=1_000_000),
    ],
    ids=["shared-strings-1GB", "whitespace-60MB", "empty-rows-1M"],
)
def test_a_bomb_is_refused_and_nothing_waits(client, area, users, build):
    client.force_login(users.ward_officer)
    response = _post(client, "ds.xlsx", build())
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("khi giải nén lớn hơn 50 MB" in e for e in errors)
    assert not PendingImport.objects.exists()


def test_a_file_with_no_data_rows_is_refused(client, area, users):
    """The audit's whitespace file was accepted as "0 rows" and kept; a header alone too."""
    client.force_login(users.ward_officer)
    response = _post(client, "ds.csv", _text([], ",").encode("utf-8-sig"))
    errors = response.context["form"].errors["file"]
    assert any("không có dòng dữ liệu" in e for e in errors)
    assert not PendingImport.objects.exists()
