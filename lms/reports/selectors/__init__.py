"""The four reports, each aggregated in the database in a fixed number of queries.

Every report groups rows by the administrative unit one level below the one being looked at:
nationally one row per province, in a province one row per ward, in a ward one row per hamlet.
Each indicator family is one ``values(<unit key>).annotate(Count(..., filter=Q(...)))`` query
whatever the number of units, and the per-unit dictionaries are merged in Python. Totals are the
sum of the rows shown, so a province's wards always add up to the province's row nationally.

- ``common``: parameters, units, the rows-and-totals helpers and who counts as trained or
  certified; the report headings.
- ``coverage``: the coverage report and the dashboard figures taken from it.
- ``staffing``: the staffing report.
- ``training``: the training activity report.
- ``attendance``: the attendance-rate report (per team or ward, and per session).
- ``support``: what the teams did for citizens (the support log), with its completeness
  figures from ``support_completeness``.

Callers import from this package. Tests that replace a name must patch the module that looks
it up (``lms.reports.selectors.coverage.activity_applies``), not this one.
"""

from .attendance import (
    BY_TEAM,
    BY_WARD,
    AttendanceParams,
    attendance_params,
    attendance_report,
)
from .common import (
    NATIONAL,
    OWN_LEVEL_LABELS,
    PROVINCE,
    WARD,
    Report,
    ReportParams,
    _period_bounds,
    certified_q,
    report_params,
    report_unit_name,
    trained_q,
    unit_trail,
    valid_certificate_q,
)
from .coverage import (
    COVERAGE_COUNTS,
    GAP_NO_TEAM,
    GAP_NO_TRAINED,
    activity_applies,
    coverage_report,
    dashboard_figures,
    period_month_masks,
)
from .staffing import AGE_BANDS, staffing_columns, staffing_report
from .support import support_report
from .training import ACTIVITY_COUNTS, activity_report

__all__ = [
    "BY_TEAM",
    "BY_WARD",
    "AttendanceParams",
    "attendance_params",
    "attendance_report",
    "ACTIVITY_COUNTS",
    "AGE_BANDS",
    "COVERAGE_COUNTS",
    "GAP_NO_TEAM",
    "GAP_NO_TRAINED",
    "NATIONAL",
    "OWN_LEVEL_LABELS",
    "PROVINCE",
    "WARD",
    "Report",
    "ReportParams",
    "_period_bounds",
    "activity_report",
    "certified_q",
    "coverage_report",
    "dashboard_figures",
    "period_month_masks",
    "report_params",
    "report_unit_name",
    "staffing_columns",
    "staffing_report",
    "support_report",
    "activity_applies",
    "trained_q",
    "unit_trail",
    "valid_certificate_q",
]
