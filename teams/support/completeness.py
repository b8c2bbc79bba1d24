"""Reporting completeness of the monthly support reports (issue 17.5), as plain data.

Definitions (README "Monthly reports and completeness"):

* a team is *expected* to report for a month when it is active on the month's last day: founded
  on or before it (or with no founding date) and not suspended, and not dissolved by then;
* a ward's month is an *expected report* when the ward has at least one expected team;
* it is *submitted* when its ``WardMonth`` is submitted or approved now (a reopened or returned
  month is not), *on time* when that submission is on or before the deadline (day
  ``LMS_SUPPORT_DEADLINE_DAY`` of the next month, Asia/Ho_Chi_Minh), *approved* when approved;
* a team is *reporting* for a month when it has at least one record in it;
* a *silent* team is an active team, founded at least ``SILENT_DAYS`` ago, with no record dated
  in the last ``SILENT_DAYS`` days.

Every figure is computed from a handful of grouped queries whatever the number of wards (no
query per row), so ``lms.reports`` can reuse :func:`completeness` for the support report.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from lms.accounts.scoping import scope_queryset
from teams.choices import TeamStatus
from teams.models import CommunityTeam, Ward

from .choices import MonthStatus
from .models import SupportRecord, WardMonth

SILENT_DAYS = 60
MAX_MONTHS = 24
SILENT_LIMIT = 500


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: datetime.date) -> datetime.date:
    return (month_end(month) + datetime.timedelta(days=1)).replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, current = [], first.replace(day=1)
    while current <= last and len(months) < MAX_MONTHS:
        months.append(current)
        current = next_month(current)
    return months


def deadline(month: datetime.date) -> datetime.datetime:
    """The last moment a month's report is on time: the end of day LMS_SUPPORT_DEADLINE_DAY
    of the next month in Vietnam (the month's length caps the day)."""
    following = next_month(month)
    day = min(max(1, settings.LMS_SUPPORT_DEADLINE_DAY), month_end(following).day)
    end = datetime.datetime.combine(following.replace(day=day), datetime.time.max)
    return timezone.make_aware(end, timezone.get_default_timezone())


def expected_q(last_day: datetime.date, prefix: str = "") -> Q:
    """Teams active on ``last_day`` (prefix ``"team__"`` etc. to reach them from elsewhere)."""
    founded = Q(**{f"{prefix}founded_on__isnull": True}) | Q(
        **{f"{prefix}founded_on__lte": last_day}
    )
    running = Q(**{f"{prefix}status": TeamStatus.ACTIVE, f"{prefix}dissolved_on__isnull": True})
    dissolved_later = Q(
        **{f"{prefix}status": TeamStatus.DISSOLVED, f"{prefix}dissolved_on__gt": last_day}
    )
    return founded & (running | dissolved_later)


def expected_teams(*, ward, month: datetime.date):
    return CommunityTeam.objects.filter(expected_q(month_end(month)), ward=ward).order_by("name")


@dataclass
class Cell:
    """One ward's month."""

    teams_expected: int = 0
    teams_reporting: int = 0
    records: int = 0
    status: str = MonthStatus.OPEN
    submitted_at: datetime.datetime | None = None
    ward_month_id: int | None = None

    @property
    def submitted(self):
        return self.status in (MonthStatus.SUBMITTED, MonthStatus.APPROVED)


def grid(wards, months) -> dict:
    """``{(ward_id, month): Cell}`` for the ``wards`` queryset and ``months``: three queries."""
    months = list(months)
    cells = {}
    if not months:
        return cells
    annotations = {
        f"m{i}": Count("id", filter=expected_q(month_end(m))) for i, m in enumerate(months)
    }
    rows = (
        CommunityTeam.objects.filter(ward__in=wards.values("id"))
        .values("ward_id")
        .annotate(**annotations)
        .order_by()
    )
    for row in rows:
        for i, m in enumerate(months):
            if row[f"m{i}"]:
                cells[(row["ward_id"], m)] = Cell(teams_expected=row[f"m{i}"])
    activity = (
        SupportRecord.objects.filter(ward__in=wards.values("id"), month__in=months)
        .values("ward_id", "month")
        .annotate(teams=Count("team_id", distinct=True), records=Count("*"))
        .order_by()
    )
    for row in activity:
        cell = cells.setdefault((row["ward_id"], row["month"]), Cell())
        cell.teams_reporting, cell.records = row["teams"], row["records"]
    reports = WardMonth.objects.filter(ward__in=wards.values("id"), month__in=months).values(
        "id", "ward_id", "month", "status", "submitted_at"
    )
    for row in reports:
        cell = cells.setdefault((row["ward_id"], row["month"]), Cell())
        cell.status, cell.submitted_at = row["status"], row["submitted_at"]
        cell.ward_month_id = row["id"]
    return cells


FIGURES = (
    "reports_expected",
    "reports_submitted",
    "reports_on_time",
    "reports_approved",
    "teams_expected",
    "teams_reporting",
)


def cell_figures(cell: Cell, month: datetime.date) -> dict:
    """What one ward's month adds to each figure (all 0 when it expects no report). The one
    place the definitions are applied; ``lms.reports`` sums the same way."""
    if not cell.teams_expected:
        return dict.fromkeys(FIGURES, 0)
    return {
        "reports_expected": 1,
        "reports_submitted": int(cell.submitted),
        "reports_on_time": int(
            cell.submitted
            and cell.submitted_at is not None
            and cell.submitted_at <= deadline(month)
        ),
        "reports_approved": int(cell.status == MonthStatus.APPROVED),
        "teams_expected": cell.teams_expected,
        # a team dissolved before the month's end may have records but is not expected
        "teams_reporting": min(cell.teams_reporting, cell.teams_expected),
    }


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Row:
    key: int | None
    name: str
    reports_expected: int = 0
    reports_submitted: int = 0
    reports_on_time: int = 0
    reports_approved: int = 0
    teams_expected: int = 0
    teams_reporting: int = 0

    def add(self, other):
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def submitted_rate(self):
        return _rate(self.reports_submitted, self.reports_expected)

    @property
    def on_time_rate(self):
        return _rate(self.reports_on_time, self.reports_expected)

    @property
    def approved_rate(self):
        return _rate(self.reports_approved, self.reports_expected)

    @property
    def teams_reporting_rate(self):
        return _rate(self.teams_reporting, self.teams_expected)


@dataclass
class Completeness:
    months: list
    by: str  # "ward" or "province": what the rows are
    rows: list = field(default_factory=list)
    total: Row | None = None


def scoped_wards(user, *, province_id=None, ward_id=None):
    wards = scope_queryset(user, Ward.objects.all())
    if province_id:
        wards = wards.filter(province_id=province_id)
    if ward_id:
        wards = wards.filter(pk=ward_id)
    return wards


def completeness(*, user, months, province_id=None, ward_id=None) -> Completeness:
    """Completeness per ward (per province when neither a province nor a ward is chosen and
    the user sees several provinces), with the total of the rows."""
    months = list(months)[:MAX_MONTHS]
    wards = scoped_wards(user, province_id=province_id, ward_id=ward_id)
    names = {
        w["id"]: w
        for w in wards.values("id", "name", "province_id", "province__name").order_by(
            "province__name", "name"
        )
    }
    by_province = (
        not (province_id or ward_id) and len({w["province_id"] for w in names.values()}) > 1
    )
    rows = {}
    for ward in names.values():
        key, name = (
            (ward["province_id"], ward["province__name"])
            if by_province
            else (ward["id"], ward["name"])
        )
        rows.setdefault(key, Row(key=key, name=name))
    for (ward_id_, month), cell in grid(wards, months).items():
        ward = names.get(ward_id_)
        if ward is None or not cell.teams_expected:
            continue
        row = rows[ward["province_id"] if by_province else ward_id_]
        for name, value in cell_figures(cell, month).items():
            setattr(row, name, getattr(row, name) + value)
    result = Completeness(months=months, by="province" if by_province else "ward")
    result.rows = [row for row in rows.values() if row.reports_expected or not by_province]
    result.total = Row(key=None, name="")
    for row in result.rows:
        result.total.add(row)
    return result


def silent_teams(*, user, province_id=None, ward_id=None, today=None, days=SILENT_DAYS):
    """Active teams in scope, founded at least ``days`` ago, with no record dated in the last
    ``days`` days; each with its last record's date (or None). One query; at most
    ``SILENT_LIMIT`` rows (the screen says how many more there are)."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    wards = scoped_wards(user, province_id=province_id, ward_id=ward_id)
    return (
        CommunityTeam.objects.filter(ward__in=wards.values("id"), status=TeamStatus.ACTIVE)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=cutoff))
        .annotate(last_record=Max("support_records__date"))
        .filter(Q(last_record__isnull=True) | Q(last_record__lte=cutoff))
        .values("id", "name", "ward__name", "ward__province__name", "last_record")
        .order_by("ward__province__name", "ward__name", "name")
    )


def ward_months(*, ward, months) -> list[tuple]:
    """``[(month, Cell)]`` of one ward, newest first."""
    cells = grid(Ward.objects.filter(pk=ward.pk), months)
    return [(m, cells.get((ward.pk, m), Cell())) for m in sorted(months, reverse=True)]


def province_month(*, user, month, province_id=None) -> list[tuple]:
    """``[(ward dict, Cell)]`` for one month: the wards in scope that expect a report or have
    one, by name."""
    wards = scoped_wards(user, province_id=province_id)
    cells = grid(wards, [month])
    ids = [
        ward_id
        for (ward_id, _m), cell in cells.items()
        if cell.teams_expected or cell.ward_month_id
    ]
    listed = (
        wards.filter(pk__in=ids)
        .values("id", "name", "province_id", "province__name")
        .order_by("name")
    )
    return [(w, cells[(w["id"], month)]) for w in listed]


def province_month_summary(rows) -> list[dict]:
    """The month per province, from ``province_month`` rows: nationally one line per province
    (34) instead of every ward of the country on one page (3,300 rows, 3 MB)."""
    by_province = {}
    for ward, cell in rows:
        line = by_province.setdefault(
            ward["province_id"],
            {
                "id": ward["province_id"],
                "name": ward["province__name"],
                "wards": 0,
                "submitted": 0,
                "approved": 0,
                "teams_expected": 0,
                "teams_reporting": 0,
                "records": 0,
            },
        )
        line["wards"] += 1
        line["submitted"] += cell.status == "submitted"
        line["approved"] += cell.status == "approved"
        line["teams_expected"] += cell.teams_expected or 0
        line["teams_reporting"] += cell.teams_reporting or 0
        line["records"] += cell.records or 0
    return sorted(by_province.values(), key=lambda line: line["name"])
