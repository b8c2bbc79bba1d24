"""Flow 5: a ward officer imports a member list (XLSX) with one bad row, sees the row's error
and that nothing was saved, fixes the file and imports it."""

import io
import re
import time

from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from e2e.conftest import shot
from e2e.test_course_authoring import admin_sign_in

WARD_OFFICER = "0912000004"  # Cán bộ Phường Vị Tân


def workbook_bytes(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, name, content):
    page.get_by_label(re.compile("Tệp danh sách")).set_input_files(
        {
            "name": name,
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_ward_officer_imports_member_list(page):
    admin_sign_in(page, WARD_OFFICER)
    page.goto("/admin/to-cong-nghe/thanh-vien/")
    # Wagtail puts secondary listing actions in the header's "..." menu.
    page.locator("header").get_by_role("button", name="Thao tác", exact=True).first.click()
    page.get_by_role("link", name="Nhập danh sách từ Excel").click()
    expect(page.locator("h1")).to_contain_text("Nhập danh sách thành viên")
    shot(page, "member-import", "1-upload-form")

    # The officer starts from the template the page offers, so the headers are the real ones.
    template = page.request.get(
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").get_attribute("href")
    )
    assert template.status == 200
    headers = [c.value for c in next(load_workbook(io.BytesIO(template.body())).active.rows)]
    for needed in ("Họ và tên", "Số điện thoại", "Thôn/ấp/tổ dân phố", "Chức vụ trong tổ"):
        assert needed in headers, headers

    stamp = int(time.time()) % 1_000_000
    phones = [f"0987{stamp:06d}", f"0986{stamp:06d}"]
    names = [f"Đặng Thị Thu {stamp}", f"Võ Minh Khang {stamp}"]

    def rows(second_phone):
        common = {
            "Giới tính": "Nữ",
            "Chức vụ trong tổ": "Tổ viên",
            "Thôn/ấp/tổ dân phố": "Khu vực 1",
            "Xã/phường": "Phường Vị Tân",
            "Tỉnh/thành phố": "Thành phố Cần Thơ",
            "Ngày tham gia": "01/11/2026",
        }
        return [
            {**common, "Họ và tên": names[0], "Số điện thoại": phones[0]},
            {**common, "Họ và tên": names[1], "Số điện thoại": second_phone, "Giới tính": "Nam"},
        ]

    upload(page, "danh-sach-loi.xlsx", workbook_bytes(headers, rows("12345")))
    expect(page.get_by_role("alert")).to_contain_text("Không có gì được lưu")
    # Row 3 of the sheet (header = row 1), column D, named.
    error_row = page.locator("table tbody tr", has_text="12345").first
    expect(error_row.locator("td").nth(0)).to_have_text("3")
    expect(error_row.locator("td").nth(1)).to_contain_text("Số điện thoại")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    shot(page, "member-import", "2-row-error")

    # Nothing was saved: neither person is in the member list.
    page.goto(f"/admin/to-cong-nghe/thanh-vien/?q={phones[0]}")
    expect(page.locator("main")).not_to_contain_text(names[0])

    page.goto("/admin/to-cong-nghe/thanh-vien/nhap/")
    upload(page, "danh-sach.xlsx", workbook_bytes(headers, rows(phones[1])))
    added = page.locator("table", has=page.get_by_role("columnheader", name="Số điện thoại"))
    for name, phone in zip(names, phones, strict=True):
        expect(added.locator("tr", has_text=name)).to_contain_text(phone)
    shot(page, "member-import", "3-preview")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messages")).to_be_visible()
    shot(page, "member-import", "4-imported")

    for name in names:
        page.goto(f"/admin/to-cong-nghe/thanh-vien/?q={name.split()[-1]}")
        expect(page.locator("main table")).to_contain_text(name)
    shot(page, "member-import", "5-members")
