"""Reporting completeness in the support report, with the definitions of the monthly reports.

The figures come from ``teams.support.completeness.grid`` (the ward months the province sees
and approves), so the report and the monthly screens never disagree: a ward's month is an
*expected* report when the ward has a team active on the month's last day; *submitted* when
its report is submitted or approved now; *on time* when submitted by the deadline (day
``LMS_SUPPORT_DEADLINE_DAY`` of the next month); *approved* when approved. Only months that
have ended count: the current month's report is not due yet.
"""

import datetime

from teams.models import Ward
from teams.support.choices import MonthStatus
from teams.support.completeness import deadline, grid, months_between

from .common import _pct, _scope_q

COMPLETENESS_KEYS = [
    "reports_expected",
    "reports_submitted",
    "reports_on_time",
    "reports_approved",
    "teams_expected",
    "teams_reporting",
]


def completeness_months(period, today):
    """The months of the period that have ended by ``today``."""
    last_closed = today.replace(day=1) - datetime.timedelta(days=1)
    end = min(period.end, last_closed)
    if end < period.start:
        return []
    return months_between(period.start, end)


def ward_completeness(*, params, today):
    """{ward id: {key: count}} over the ended months of the period: three queries (none when
    no month of the period has ended)."""
    months = completeness_months(params.period, today)
    if not months:
        return {}
    # No ``using``: grid's own queries follow the router (the replica inside the report views),
    # and this queryset is their subquery, so it must be on the same database.
    wards = Ward.objects.filter(_scope_q(params, province="province_id", ward="id"))
    figures = {}
    for (ward_id, month), cell in grid(wards, months).items():
        if not cell.teams_expected:
            continue
        row = figures.setdefault(ward_id, dict.fromkeys(COMPLETENESS_KEYS, 0))
        row["reports_expected"] += 1
        row["teams_expected"] += cell.teams_expected
        row["teams_reporting"] += min(cell.teams_reporting, cell.teams_expected)
        if cell.submitted:
            row["reports_submitted"] += 1
            if cell.submitted_at and cell.submitted_at <= deadline(month):
                row["reports_on_time"] += 1
        if cell.status == MonthStatus.APPROVED:
            row["reports_approved"] += 1
    return figures


def completeness_percentages(row):
    expected = row.get("reports_expected", 0)
    row["submitted_pct"] = _pct(row.get("reports_submitted", 0), expected)
    row["on_time_pct"] = _pct(row.get("reports_on_time", 0), expected)
    row["approved_pct"] = _pct(row.get("reports_approved", 0), expected)
    row["teams_reporting_pct"] = _pct(row.get("teams_reporting", 0), row.get("teams_expected", 0))
    return row
