"""The XLSX files of the monthly screens (indicator template, completeness), written one way:
A4 landscape, fitted to the page width, the header row repeated on every printed page, every
cell through ``lms.core.exports.safe_cell``."""

import io

from lms.core.exports import safe_cell


def xlsx_bytes(*, title: str, rows, header_rows: int = 1, widths=()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for line in range(1, header_rows + 1):
        for cell in sheet[line]:
            cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_rows}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
