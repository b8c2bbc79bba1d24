"""The blank tally sheet officers and team leaders fill in."""

import io

from django.utils.translation import gettext as _

from lms.core.exports import safe_cell
from teams.spreadsheets import column_letter

from ..choices import Place
from .sheet import columns


def template_xlsx():
    """The blank tally sheet: headers, one example row, and the accepted places."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    heads = columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phiếu tổng hợp"
    sheet.append([safe_cell(h) for h in heads.values()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = {
        "date": "05/10/2026",
        "team": "Khu vực 1",
        "place": "Tại nhà người dân",
        "people": 3,
        "skill_public_services": "x",
        "skill_vneid": "x",
        "vneid_installed": 2,
        "vneid_level2": 2,
        "portal_account": 1,
        "note": "",
    }
    sheet.append([safe_cell(example.get(key, "")) for key in heads])
    for index, heading in enumerate(heads.values()):
        sheet.column_dimensions[column_letter(index)].width = max(12, min(40, len(heading) + 2))
    sheet.freeze_panes = "A2"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    values = workbook.create_sheet("Giá trị hợp lệ")
    values.append([safe_cell(heads["place"]), safe_cell(_("Kỹ năng (cột có dấu x)"))])
    for cell in values[1]:
        cell.font = Font(bold=True)
    places = [str(label) for label in Place.labels]
    skills = [_("Ghi “x” nếu có hướng dẫn, để trống nếu không")]
    for index in range(max(len(places), len(skills))):
        values.append(
            [
                safe_cell(places[index] if index < len(places) else ""),
                safe_cell(skills[index] if index < len(skills) else ""),
            ]
        )
    values.column_dimensions["A"].width = 40
    values.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
