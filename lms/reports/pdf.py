"""Report PDFs drawn with ReportLab's table layout, the engine under xhtml2pdf.

A province's staffing report is 100–170 wards by 36 columns. Through xhtml2pdf every cell
became a styled paragraph: 7–25 s per file, and 36 columns on one A4 width overlapped. Here
the body cells are plain strings (only headings and over-long names wrap), which draws the same
report in well under a second, and a table wider than a page is split into parts that each
repeat the unit columns and carry whole column groups ("Chức vụ trong tổ", "Độ tuổi", ...), so
no heading is squeezed. Fonts are the ones :func:`lms.core.pdf.register_fonts` registers, and
every style names them, so nothing falls back to an unembedded standard font.
"""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as RLTableStyle

from lms.core.pdf import PDFTooLongError, register_fonts
from lms.core.signing import sign_site_pdf

from .tables import TEXT, format_cell

# Columns per printed table: more than this on landscape A4 makes headings overlap.
MAX_COLUMNS = 16
# Rows (all tables together) one printed report may have. Past it the officer is sent back to
# the screen with a message to narrow the report or take the spreadsheet (about 120 pages).
MAX_PDF_ROWS = 5_000
PORTRAIT_MAX_COLUMNS = 6
BODY_SIZE = 8
HEADER_FILL = colors.HexColor("#DDEBF7")
TOTAL_FILL = colors.HexColor("#F2F2F2")


def _styles(family):
    bold = f"{family}-Bold"
    italic = f"{family}-Italic"
    base = {"fontName": family, "fontSize": 10, "leading": 12}
    return {
        "title": ParagraphStyle(
            "title",
            **{**base, "fontName": bold, "fontSize": 14, "leading": 17, "alignment": TA_CENTER},
        ),
        "meta": ParagraphStyle("meta", **base, alignment=TA_CENTER),
        "hint": ParagraphStyle("hint", **{**base, "fontName": italic}, alignment=TA_CENTER),
        "caption": ParagraphStyle(
            "caption", **{**base, "fontName": bold, "fontSize": 11}, spaceBefore=8, spaceAfter=4
        ),
        "head": ParagraphStyle("head", fontName=bold, fontSize=7, leading=8.5, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=family, fontSize=BODY_SIZE, leading=9.5),
        "sign": ParagraphStyle("sign", **{**base, "fontName": bold}, alignment=TA_CENTER),
        "bold": bold,
        "family": family,
    }


def column_parts(columns, max_columns=MAX_COLUMNS):
    """Split ``columns`` into printable parts. The ungrouped columns before the first group
    (the unit and its total) start every part; whole groups are packed in order; ungrouped
    columns after the groups go into the last part."""
    if len(columns) <= max_columns:
        return [list(columns)]
    lead, groups, tail = [], [], []
    for column in columns:
        if column.group:
            if groups and groups[-1][0] == column.group:
                groups[-1][1].append(column)
            else:
                groups.append((column.group, [column]))
        elif groups:
            tail.append(column)
        else:
            lead.append(column)
    parts, current = [], []
    room = max(max_columns - len(lead), 1)
    for _label, members in groups:
        if current and len(current) + len(members) > room:
            parts.append(current)
            current = []
        current = current + members
    if current and len(current) + len(tail) > room:
        parts.append(current)
        current = []
    parts.append(current + tail)
    return [lead + part for part in parts]


def _text_cell(value, width, styles):
    """A plain string draws fast; only text wider than its column becomes a wrapping
    paragraph."""
    if stringWidth(value, styles["family"], BODY_SIZE) <= width - 6:
        return value
    return Paragraph(value, styles["cell"])


def _table_part(table, columns, width, styles):
    indexes = [table.columns.index(column) for column in columns]
    if len(columns) <= PORTRAIT_MAX_COLUMNS:
        first = width * 0.34
    else:
        first = width * (0.22 if len(columns) <= 12 else 0.18)
    other = (width - first) / max(len(columns) - 1, 1)
    widths = [first] + [other] * (len(columns) - 1)
    grouped = any(column.group for column in columns)

    header = []
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), styles["family"]),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if grouped:
        row, start = [], 0
        for position, column in enumerate(columns):
            same = position and column.group and column.group == columns[position - 1].group
            if not same:
                if position - start > 1:
                    commands.append(("SPAN", (start, 0), (position - 1, 0)))
                start = position
            row.append(Paragraph(str(column.group), styles["head"]) if not same else "")
        if len(columns) - start > 1:
            commands.append(("SPAN", (start, 0), (len(columns) - 1, 0)))
        for position, column in enumerate(columns):
            if not column.group:  # a unit or total column spans both heading rows
                commands.append(("SPAN", (position, 0), (position, 1)))
        header.append(row)
    header.append(
        [
            "" if grouped and not column.group else Paragraph(str(column.label), styles["head"])
            for column in columns
        ]
    )
    if grouped:
        for position, column in enumerate(columns):
            if not column.group:
                header[0][position] = Paragraph(str(column.label), styles["head"])
    heading_rows = len(header)
    commands.append(("BACKGROUND", (0, 0), (-1, heading_rows - 1), HEADER_FILL))

    body = []
    for data in table.rows:
        values = table.cells(data)
        cells = []
        for column, index, width_ in zip(columns, indexes, widths, strict=True):
            text = format_cell(values[index], column.kind)
            cells.append(_text_cell(text, width_, styles) if column.kind == TEXT else text)
        body.append(cells)
    if not body:
        body.append([_("Không có số liệu.")] + [""] * (len(columns) - 1))
        commands.append(("SPAN", (0, heading_rows), (-1, heading_rows)))
    if table.totals is not None:
        totals = [table.total_label] + [
            format_cell(table.totals.get(column.key), column.kind) for column in columns[1:]
        ]
        body.append(totals)
        commands += [
            ("FONTNAME", (0, -1), (-1, -1), styles["bold"]),
            ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
        ]
    result = Table(header + body, colWidths=widths, repeatRows=heading_rows)
    result.setStyle(RLTableStyle(commands))
    return result


def render_report_pdf(tables, meta, signatures) -> bytes:
    if sum(len(table.rows) for table in tables) > MAX_PDF_ROWS:
        raise PDFTooLongError(f"more than {MAX_PDF_ROWS} rows")
    family = register_fonts()
    styles = _styles(family)
    wide = max(len(table.columns) for table in tables) > PORTRAIT_MAX_COLUMNS
    pagesize = landscape(A4) if wide else A4
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=str(meta.title),
        author=str(meta.unit),
    )
    width = document.width
    story = [
        Paragraph(_escape(str(meta.title).upper()), styles["title"]),
        Paragraph(_escape(_("Đơn vị: %(unit)s") % {"unit": meta.unit}), styles["meta"]),
        Paragraph(_escape(_("Kỳ báo cáo: %(period)s") % {"period": meta.period}), styles["meta"]),
        Paragraph(_escape(meta.generated_label), styles["hint"]),
    ]
    for table in tables:
        parts = column_parts(table.columns)
        for number, columns in enumerate(parts, start=1):
            caption = table.caption if len(tables) > 1 else ""
            if len(parts) > 1:
                groups = list(dict.fromkeys(str(c.group) for c in columns if c.group))
                caption = " – ".join(
                    filter(
                        None,
                        [
                            caption,
                            _("Phần %(n)s/%(total)s") % {"n": number, "total": len(parts)},
                            ", ".join(groups),
                        ],
                    )
                )
            if caption:
                story.append(Paragraph(_escape(caption), styles["caption"]))
            else:
                story.append(Spacer(1, 8))
            story.append(_table_part(table, columns, width, styles))
    story.append(Spacer(1, 14))
    story.append(KeepTogether(_signature_block(meta, signatures, width, styles)))
    document.build(story)
    return sign_site_pdf(out.getvalue())


def _signature_block(meta, signatures, width, styles):
    rows = [
        ["", Paragraph(_escape(meta.place_date_line), styles["hint"])],
        [
            Paragraph(
                f"{_escape(title)}<br/><font name='{styles['family']}-Italic'>"
                f"{_escape(hint)}</font>",
                styles["sign"],
            )
            for title, hint in signatures
        ],
    ]
    block = Table(rows, colWidths=[width / 2, width / 2])
    block.setStyle(RLTableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [block]


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
