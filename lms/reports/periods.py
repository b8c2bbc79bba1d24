"""Reporting periods: the months, quarters, half-years and years departments report on.

A period is written as a short code so it survives in URLs and in the JSON API:
``2026`` (year), ``2026-h2`` (half-year), ``2026-q3`` (quarter), ``2026-m11`` (month), or one of
the shortcuts ``month``, ``quarter``, ``half``, ``year`` meaning the current one.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SHORTCUTS = {
    "month": _("Tháng này"),
    "quarter": _("Quý này"),
    "half": _("6 tháng này"),
    "year": _("Năm nay"),
}

# The years a report may cover. Outside them a code is not a period: year 0 does not exist and
# 9999 leaves no room for the day after the period's end that the selectors compute.
MIN_YEAR, MAX_YEAR = 2000, 2099

_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[mqh])(?P<n>\d{1,2}))?$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    code: str = ""

    @property
    def label(self):
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def _month_range(year, first_month, months):
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def period_parse(value, *, today=None):
    """The period a code stands for, or None when the code is not one."""
    value = (value or "").strip().lower()
    today = today or timezone.localdate()
    if value in SHORTCUTS:
        value = {
            "month": f"{today.year}-m{today.month}",
            "quarter": f"{today.year}-q{(today.month - 1) // 3 + 1}",
            "half": f"{today.year}-h{(today.month - 1) // 6 + 1}",
            "year": f"{today.year}",
        }[value]
    match = _CODE.match(value)
    if not match:
        return None
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    kind, n = match["kind"], int(match["n"] or 0)
    if kind is None:
        start, end = _month_range(year, 1, 12)
    elif kind == "m" and 1 <= n <= 12:
        start, end = _month_range(year, n, 1)
    elif kind == "q" and 1 <= n <= 4:
        start, end = _month_range(year, 3 * n - 2, 3)
    elif kind == "h" and 1 <= n <= 2:
        start, end = _month_range(year, 6 * n - 5, 6)
    else:
        return None
    return Period(start=start, end=end, code=value)


def period_choices(*, today=None):
    """Shortcuts first, then the quarters and halves of this year and last year."""
    today = today or timezone.localdate()
    choices = list(SHORTCUTS.items())
    for year in (today.year, today.year - 1):
        choices.append((f"{year}", _("Năm %(year)s") % {"year": year}))
        for half in (1, 2):
            choices.append(
                (f"{year}-h{half}", _("6 tháng %(n)s/%(year)s") % {"n": half, "year": year})
            )
        for quarter in (1, 2, 3, 4):
            choices.append(
                (f"{year}-q{quarter}", _("Quý %(n)s/%(year)s") % {"n": quarter, "year": year})
            )
    return choices
