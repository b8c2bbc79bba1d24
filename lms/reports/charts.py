"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable when printed.

Each function takes plain (label, value) data and returns safe SVG markup; every label goes
through ``escape`` because unit names come from the database.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 170
CHART_WIDTH = 640


def _truncate(text, limit=28):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def horizontal_bars(items, *, title, max_value=100, unit="%"):
    """One bar per (label, value); values are percentages unless ``max_value`` says otherwise.
    ``None`` values (nothing to measure) are drawn as an empty bar marked with a dash."""
    items = list(items)
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="report-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {CHART_WIDTH} {max(height, BAR_HEIGHT)}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = 0 if not value or not max_value else round(plot * min(value, max_value) / max_value)
        text = "–" if value is None else f"{value:g}{unit}".replace(".", ",")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.0f}" text-anchor="end" '
            f'class="report-chart__label">{escape(_truncate(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{plot}" height="{BAR_HEIGHT}" '
            f'class="report-chart__track"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'class="report-chart__bar"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT * 0.7:.0f}" '
            f'class="report-chart__value">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def columns(items, *, title):
    """Vertical columns over time, one per (label, count), scaled to the largest count."""
    items = list(items)
    height, base, top = 220, 190, 20
    slot = (CHART_WIDTH - 40) / max(len(items), 1)
    largest = max((value for _label, value in items), default=0) or 1
    parts = [
        f'<svg class="report-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="20" y1="{base}" x2="{CHART_WIDTH - 20}" y2="{base}" '
        f'class="report-chart__axis"/>',
    ]
    for index, (label, value) in enumerate(items):
        bar = (base - top) * value / largest
        x = 20 + index * slot + slot * 0.15
        width = slot * 0.7
        center = x + width / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{width:.1f}" height="{bar:.1f}" '
            f'class="report-chart__bar"/>'
            f'<text x="{center:.1f}" y="{base - bar - 4:.1f}" text-anchor="middle" '
            f'class="report-chart__value">{value}</text>'
            f'<text x="{center:.1f}" y="{base + 16}" text-anchor="middle" '
            f'class="report-chart__label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def report_charts(kind, report):
    """The charts each report shows under its table, as (caption, svg) pairs."""
    charts = []
    if kind == "coverage" and report.rows:
        charts.append(
            (
                _("Tỷ lệ thôn, tổ dân phố có tổ theo đơn vị"),
                horizontal_bars(
                    [(row["name"], row["hamlets_covered_pct"]) for row in report.rows],
                    title=_("Tỷ lệ thôn, tổ dân phố có tổ theo đơn vị"),
                ),
            )
        )
        charts.append(
            (
                _("Tỷ lệ thành viên đã tập huấn theo đơn vị"),
                horizontal_bars(
                    [(row["name"], row["trained_pct"]) for row in report.rows],
                    title=_("Tỷ lệ thành viên đã tập huấn theo đơn vị"),
                ),
            )
        )
    if kind == "activity" and report.extra.get("months"):
        charts.append(
            (
                _("Chứng nhận đã cấp theo tháng"),
                columns(
                    [(f"{row['month']:%m/%y}", row["issued"]) for row in report.extra["months"]],
                    title=_("Chứng nhận đã cấp theo tháng"),
                ),
            )
        )
    if kind == "support":
        charts.extend(support_charts(report))
    return charts


def support_charts(report):
    """The monthly trend of citizens helped, and the self-filing rate per unit."""
    charts = []
    months = report.extra.get("months", [])
    if months:
        title = _("Người dân được hỗ trợ theo tháng")
        charts.append(
            (
                title,
                columns([(f"{row['month']:%m/%y}", row["people"]) for row in months], title=title),
            )
        )
    rated = [(row["name"], row["self_filing_pct"]) for row in report.rows if row["unit_id"]]
    if rated:
        title = _("Tỷ lệ người dân tự nộp hồ sơ trực tuyến theo đơn vị (%)")
        charts.append((title, horizontal_bars(rated, title=title)))
    return charts
