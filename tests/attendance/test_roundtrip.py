"""Every role uploads back the roster it downloaded (issue 16, item 12): lines are matched by the
"Mã dòng" row key the template carries, so a trainer, who sees no phone numbers, can too."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from courses.attendance.choices import AttendanceStatus as S
from courses.attendance.models import Attendance

pytestmark = pytest.mark.django_db

FILL = ["Có mặt", "Đi muộn", "Vắng có phép"]


@pytest.fixture(params=["trainer", "ward", "province"])
def role_user(request, session, trainer, ward_officer, make_staff):
    if request.param == "province":
        return make_staff("province", province=session.organiser_province)
    return {"trainer": trainer, "ward": ward_officer}[request.param]


def _fill_xlsx(content):
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    status = header.index("Trạng thái") + 1
    for offset, row in enumerate(range(2, sheet.max_row + 1)):
        sheet.cell(row=row, column=status, value=FILL[offset % len(FILL)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_csv(content):
    lines = content.decode("utf-8-sig").splitlines()
    out = [lines[0]]
    for offset, line in enumerate(lines[1:]):
        cells = line.split(",")
        cells[5] = FILL[offset % len(FILL)]
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode("utf-8")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_each_role_round_trips_the_roster(client, session, roster, role_user, file_format):
    client.force_login(role_user)
    download = client.get(reverse("attendance:roster_export", args=[session.pk, file_format]))
    assert download.status_code == 200
    fill = _fill_xlsx if file_format == "xlsx" else _fill_csv
    response = client.post(
        reverse("attendance:sheet_upload", args=[session.pk]),
        {"file": SimpleUploadedFile(f"diem-danh.{file_format}", fill(download.content))},
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    statuses = list(
        Attendance.objects.filter(session=session)
        .order_by("member__full_name", "pk")
        .values_list("status", flat=True)
    )
    assert statuses == [S.PRESENT, S.LATE, S.EXCUSED]


def test_trainer_template_has_no_phones_but_row_keys(client, session, roster, trainer):
    client.force_login(trainer)
    content = client.get(reverse("attendance:roster_export", args=[session.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert {r[3] for r in rows} == {None}
    assert sorted(r[1] for r in rows) == sorted(session.attendances.values_list("pk", flat=True))


def test_a_row_key_of_another_session_is_refused(client, session, roster, trainer):
    from tests.factories.attendance import AttendanceFactory

    other = AttendanceFactory()
    client.force_login(trainer)
    body = f"Mã dòng,Trạng thái\n{other.pk},Có mặt\n".encode()
    response = client.post(
        reverse("attendance:sheet_upload", args=[session.pk]),
        {"file": SimpleUploadedFile("p.csv", body)},
    )
    assert response.status_code == 200
    assert f"mã dòng “{other.pk}” không có trong danh sách" in response.content.decode()
    other.refresh_from_db()
    assert other.status == ""
