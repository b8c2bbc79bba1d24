"""Member list files for the import tests: the headers as real files spell them, one row
builder, good rows for the small Cần Thơ of ``conftest.area``, and a snapshot of the tables."""

import csv
import datetime
import io

from openpyxl import Workbook

from teams.models import CommunityTeam, Hamlet, Member, Membership

HEADERS = [
    "HỌ VÀ TÊN",  # case and accents vary in real files
    "ngay sinh",
    "Giới tính",
    "Số điện thoại",
    "Email",
    "Số CCCD",
    "Chức vụ trong tổ",
    "Đơn vị công tác",
    "Trình độ CNTT",
    "Thôn/ấp/tổ dân phố",
    "Xã/phường",
    "Tỉnh/thành phố",
    "Ngày tham gia",
    "Ghi chú",  # an extra column is ignored
]


COLUMN_KEYS = [  # the fields under HEADERS, in order
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "email",
    "cccd",
    "role",
    "affiliation",
    "it_qualification",
    "hamlet",
    "ward",
    "province",
    "joined_on",
    "note",
]


def row(full_name, phone, hamlet="Khu vực 1", ward="Vị Tân", province="Cần Thơ", **cells):
    """One line of a file with HEADERS; the cells not named are blank."""
    values = dict(
        full_name=full_name, phone=phone, hamlet=hamlet, ward=ward, province=province, **cells
    )
    assert set(values) <= set(COLUMN_KEYS), set(values) - set(COLUMN_KEYS)
    return [values.get(key, "") for key in COLUMN_KEYS]


def good_rows():
    return [
        row(
            "Nguyễn Văn An",
            912345001,  # Excel turned the phone into a number and dropped the 0
            "Khu vực 1",
            "Phường Vị Tân",
            "Thành phố Cần Thơ",
            date_of_birth=datetime.datetime(1990, 3, 15),  # a real Excel date
            gender="Nam",
            email="an@example.vn",
            cccd="092090000001",
            role="Tổ viên",
            affiliation="Đoàn thanh niên",
            it_qualification="Đại học",
            joined_on="01/09/2025",
            note="ghi chú bất kỳ",
        ),
        row(
            "Võ Thị Thu Hà",
            "0912 345 002",
            "Khu phố Khu vực 2",
            "vi tan",
            date_of_birth="20/11/1988",
            gender="Nữ",
            role="Tổ trưởng",
            affiliation="giáo viên",
            it_qualification="Cao đẳng",
            joined_on=datetime.datetime(2025, 9, 1),
        ),
        # already registered: matched on phone, nothing to change
        row(
            "Trần Thị Mai",
            "0912000005",
            "Khu vực 1",
            "Phường Vị Tân",
            "Thành phố Cần Thơ",
            date_of_birth="01/05/1990",
            role="Tổ trưởng",
        ),
    ]


def xlsx_bytes(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, bom=True):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.datetime) else v for v in row]
        )
    return (buffer.getvalue()).encode("utf-8-sig" if bom else "utf-8")


def state():
    return (
        Member.objects.count(),
        Membership.objects.count(),
        Hamlet.objects.count(),
        CommunityTeam.objects.count(),
        sorted(Member.objects.values_list("phone", "full_name", "updated_at")),
    )
