"""Reports as files: a formatted XLSX, a CSV Excel opens in Vietnamese, a printable PDF.

The layout follows the report forms departments file: the report title, the unit and period,
the generation date (dd/mm/yyyy), Vietnamese headings, a total row, and the signature block
("NGƯỜI LẬP BIỂU" / "THỦ TRƯỞNG ĐƠN VỊ") under a place-and-date line. These files hold only
aggregate counts, never a person, so they are not written to the export log.
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.dates import official_date_line
from lms.core.exports import safe_cell, safe_row

from .tables import INT, PCT

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ExportMeta:
    """What the heading of an exported report says."""

    title: str
    unit: str
    period: str
    generated_on: object = None
    place: str = ""

    def __post_init__(self):
        self.generated_on = self.generated_on or timezone.localdate()

    @property
    def generated_label(self):
        return _("Ngày lập báo cáo: %(date)s") % {"date": f"{self.generated_on:%d/%m/%Y}"}

    @property
    def place_date_line(self):
        return official_date_line(self.place, self.generated_on)


def signature_lines():
    return (
        (_("NGƯỜI LẬP BIỂU"), _("(Ký, ghi rõ họ tên)")),
        (_("THỦ TRƯỞNG ĐƠN VỊ"), _("(Ký, ghi rõ họ tên, đóng dấu)")),
    )


def export_filename(kind, meta, extension):
    return f"bao-cao-{kind}-{meta.generated_on:%Y%m%d}.{extension}"


# -- XLSX --------------------------------------------------------------------------------------


def report_xlsx(tables, meta) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Báo cáo")[:31]
    width = max(len(table.columns) for table in tables)
    styles = _xlsx_styles()
    _xlsx_heading(sheet, meta, width, styles)
    row = 6
    header_rows = None
    for table in tables:
        first = row + (1 if len(tables) > 1 else 0)
        row = _xlsx_table(sheet, table, row, styles, captioned=len(tables) > 1)
        if header_rows is None:
            header_rows = (first, first + (1 if table.has_groups else 0))
    _xlsx_signatures(sheet, meta, width, row, styles)
    _xlsx_page_setup(sheet, width, header_rows)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {
        "box": Border(left=thin, right=thin, top=thin, bottom=thin),
        "bold": Font(bold=True),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "header_fill": PatternFill("solid", fgColor="DDEBF7"),
        "total_fill": PatternFill("solid", fgColor="F2F2F2"),
    }


def _xlsx_heading(sheet, meta, width, styles):
    """Title, unit, period and generation date, each merged across the table's width."""
    from openpyxl.styles import Font

    def merged_line(row, text, *, font=None, align=styles["center"]):
        sheet.cell(row=row, column=1, value=text)
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1)
        cell.alignment = align
        if font:
            cell.font = font

    merged_line(1, meta.title.upper(), font=Font(bold=True, size=14))
    merged_line(2, _("Đơn vị: %(unit)s") % {"unit": meta.unit}, font=styles["bold"])
    merged_line(3, _("Kỳ báo cáo: %(period)s") % {"period": meta.period})
    merged_line(4, meta.generated_label, font=Font(italic=True))


def _xlsx_table(sheet, table, row, styles, *, captioned):
    """Write one table from ``row`` on; return the row after it and its blank separator."""
    if captioned:
        sheet.cell(row=row, column=1, value=safe_cell(table.caption)).font = styles["bold"]
        row += 1
    if table.has_groups:
        row = _xlsx_group_header(sheet, table, row, styles)
    row = _xlsx_column_header(sheet, table, row, styles)
    for data in table.rows:
        for index, (column, value) in enumerate(
            zip(table.columns, table.cells(data), strict=True), start=1
        ):
            cell = sheet.cell(row=row, column=index, value=safe_cell(value))
            cell.border = styles["box"]
            _xlsx_number_format(cell, column)
        row += 1
    if table.totals is not None:
        row = _xlsx_totals(sheet, table, row, styles)
    return row + 1


def _xlsx_group_header(sheet, table, row, styles):
    bold, center, box = styles["bold"], styles["center"], styles["box"]
    column = 1
    for label, span in table.header_groups():
        sheet.cell(row=row, column=column, value=safe_cell(label) or None)
        if span > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row,
                end_column=column + span - 1,
            )
        for offset in range(span):
            styled = sheet.cell(row=row, column=column + offset)
            styled.font, styled.alignment, styled.border = bold, center, box
            styled.fill = styles["header_fill"]
        column += span
    return row + 1


def _xlsx_column_header(sheet, table, row, styles):
    bold, center, box = styles["bold"], styles["center"], styles["box"]
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=index, value=safe_cell(str(column.label)))
        cell.font, cell.alignment, cell.border, cell.fill = bold, center, box, styles["header_fill"]
    sheet.row_dimensions[row].height = 45
    return row + 1


def _xlsx_totals(sheet, table, row, styles):
    for index, column in enumerate(table.columns, start=1):
        value = table.total_label if index == 1 else table.totals.get(column.key)
        cell = sheet.cell(row=row, column=index, value=value)
        cell.font, cell.border, cell.fill = styles["bold"], styles["box"], styles["total_fill"]
        _xlsx_number_format(cell, column)
    return row + 1


def _xlsx_number_format(cell, column):
    if column.kind == PCT:
        cell.number_format = "0.0"
    elif column.kind == INT:
        cell.number_format = "#,##0"


def _xlsx_signatures(sheet, meta, width, row, styles):
    """Signature block: place and date over the right column, titles under it."""
    from openpyxl.styles import Font

    left = 1
    right = max(width - 2, 2)
    row += 1
    sheet.cell(row=row, column=right, value=meta.place_date_line).font = Font(italic=True)
    row += 1
    for column, (title, hint) in zip((left, right), signature_lines(), strict=True):
        sheet.cell(row=row, column=column, value=title).font = styles["bold"]
        sheet.cell(row=row + 1, column=column, value=hint).font = Font(italic=True)


# More columns than this do not fit an A4 page upright at a readable size.
PORTRAIT_MAX_COLUMNS = 6


def _xlsx_page_setup(sheet, width, header_rows):
    """Print on A4 (Excel and LibreOffice default to US Letter), landscape when the table is
    wide, scaled to the page width with as many pages down as needed, and the column headings
    repeated at the top of every printed page."""
    from openpyxl.utils import get_column_letter

    sheet.column_dimensions["A"].width = 32
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 13
    sheet.freeze_panes = None
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width > PORTRAIT_MAX_COLUMNS else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if header_rows:
        sheet.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"


# -- CSV ---------------------------------------------------------------------------------------


def report_csv(tables, meta) -> bytes:
    """UTF-8 with a byte-order mark, which is what makes Excel read Vietnamese correctly."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out))
    writer.writerow([meta.title])
    writer.writerow([_("Đơn vị"), meta.unit])
    writer.writerow([_("Kỳ báo cáo"), meta.period])
    writer.writerow([_("Ngày lập báo cáo"), f"{meta.generated_on:%d/%m/%Y}"])
    for table in tables:
        writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.caption])
        if table.has_groups:
            writer.writerow([str(column.group) for column in table.columns])
        writer.writerow([str(column.label) for column in table.columns])
        for data in table.rows:
            writer.writerow(["" if value is None else value for value in table.cells(data)])
        if table.totals is not None:
            writer.writerow(
                [table.total_label]
                + [
                    "" if table.totals.get(c.key) is None else table.totals.get(c.key)
                    for c in table.columns[1:]
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class _SafeWriter:
    """Every cell through ``safe_cell``: unit names and course titles are typed by people."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row):
        self.writer.writerow(safe_row(row))


# -- PDF ---------------------------------------------------------------------------------------


def report_pdf(tables, meta) -> bytes:
    """Tables wider than a page are printed in parts of whole column groups (see ``pdf``)."""
    from .pdf import render_report_pdf

    return render_report_pdf(tables, meta, signature_lines())
