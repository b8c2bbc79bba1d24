"""The attendance-rate report: invitations and attendance per team (or per ward), and the same
counts per session. Nationally the rows are provinces; a province shows its teams or wards.

A person counts for the teams they are an active member of (``Membership.left_on`` empty), or
for the ward they are registered in when the report is by ward; a session counts in the period
it starts in. Moved here from the attendance app so that it has the other reports' scoping,
filters, exports, replica reads and JSON.

The rows are sums over ``AttendanceFact`` (a session's roster counted per ward and per team):
one statement at every level, about ten thousand rows for a year of the country instead of two
million attendance rows joined to their people and teams. The same figures counted on the
source tables stay below (``_*_from_sources``); the tests hold the two equal.
"""

from dataclasses import dataclass, fields

from django.db.models import Count, Q, Sum

from courses.attendance.choices import ATTENDED
from courses.attendance.models import TrainingSession
from courses.attendance.selectors import sessions_in_scope, sessions_with_counts
from lms.accounts.scoping import Scope
from teams.models import CommunityTeam, Province, Ward

from ..db import report_db_alias
from ..models import AttendanceFact
from .common import NATIONAL, Report, ReportParams, _course_q, _pct, _period_bounds, _scope_q

BY_TEAM, BY_WARD = "team", "ward"
ATTENDANCE_COUNTS = ["sessions", "invited", "attended"]
# The per-session table lists the most recent sessions only, as the old page did.
SESSIONS_SHOWN = 200


@dataclass(frozen=True)
class AttendanceParams(ReportParams):
    """The shared report parameters plus whether rows are teams or wards."""

    by: str = BY_TEAM


def attendance_params(params: ReportParams, *, by: str = BY_TEAM) -> AttendanceParams:
    values = {f.name: getattr(params, f.name) for f in fields(ReportParams)}
    return AttendanceParams(**values, by=by if by in (BY_TEAM, BY_WARD) else BY_TEAM)


def _counts(params, prefix, active=None):
    """Invitations, attended rows and distinct sessions under ``prefix`` (a lookup to the
    attendance rows), limited to the period and the chosen course or topic."""
    start, end = _period_bounds(params.period)
    rows = Q(**{f"{prefix}session__starts_at__gte": start, f"{prefix}session__starts_at__lt": end})
    rows &= (active or Q()) & _course_q(params, f"{prefix}session__course")
    return {
        "invited": Count(f"{prefix}pk", filter=rows),
        "attended": Count(f"{prefix}pk", filter=rows & Q(**{f"{prefix}status__in": ATTENDED})),
        "sessions": Count(f"{prefix}session", filter=rows, distinct=True),
    }


def _team_rows_from_sources(params):
    prefix = "memberships__member__attendances__"
    qs = CommunityTeam.objects.using(report_db_alias()).filter(
        _scope_q(params, province="ward__province_id", ward="ward_id")
    )
    if params.team_level:
        qs = qs.filter(level=params.team_level)
    counted = (
        qs.annotate(**_counts(params, prefix, Q(memberships__left_on__isnull=True)))
        .filter(invited__gt=0)
        .order_by("ward__name", "name")
        .values("pk", "name", "ward__name", *ATTENDANCE_COUNTS)
    )
    return [_row(item, parent=item["ward__name"]) for item in counted]


def _ward_rows_from_sources(params):
    qs = Ward.objects.using(report_db_alias()).filter(
        _scope_q(params, province="province_id", ward="id")
    )
    counted = (
        qs.annotate(**_counts(params, "members__attendances__"))
        .filter(invited__gt=0)
        .order_by("province__code", "name")
        .values("pk", "name", "province__name", *ATTENDANCE_COUNTS)
    )
    return [_row(item, parent=item["province__name"]) for item in counted]


def _province_rows_from_sources(params):
    """Nationally one row per province, as in the other reports (a list of every team or ward
    of the country would be 74,000 or 3,321 rows); people count in their ward's province."""
    counted = (
        Province.objects.using(report_db_alias())
        .annotate(**_counts(params, "wards__members__attendances__"))
        .filter(invited__gt=0)
        .order_by("code")
        .values("pk", "name", *ATTENDANCE_COUNTS)
    )
    return [_row(item, parent="") for item in counted]


def _row(item, *, parent):
    row = {"unit_id": item["pk"], "name": item["name"], "parent": parent}
    row.update({key: item[key] for key in ATTENDANCE_COUNTS})
    row["attendance_pct"] = _pct(row["attended"], row["invited"])
    return row


def attendance_facts_apply(params) -> bool:
    """Whether ``AttendanceFact`` answers: always, but for a scope that sees nothing."""
    return not params.scope.nothing


FACT_SUMS = {
    "invited": Sum("invited"),
    "attended": Sum("attended"),
    "sessions": Count("session_id", distinct=True),
}


def _facts(params, *, teams):
    start, end = _period_bounds(params.period)
    return (
        AttendanceFact.objects.using(report_db_alias())
        .filter(team__isnull=not teams, starts_at__gte=start, starts_at__lt=end)
        .filter(_scope_q(params, province="province_id", ward="ward_id"))
        .filter(_course_q(params, "course"))
    )


def _team_rows_queryset(params):
    qs = _facts(params, teams=True)
    if params.team_level:
        qs = qs.filter(team__level=params.team_level)
    return (
        qs.values("team_id", "team__name", "team__ward__name")
        .annotate(**FACT_SUMS)
        .order_by("team__ward__name", "team__name", "team_id")
    )


def _ward_rows_queryset(params):
    return (
        _facts(params, teams=False)
        .values("ward_id", "ward__name", "province__name", "province__code")
        .annotate(**FACT_SUMS)
        .order_by("province__code", "ward__name", "ward_id")
    )


def _province_rows_queryset(params):
    """Nationally one row per province, as in the other reports (a list of every team or ward
    of the country would be 74,000 or 3,321 rows); people count in their ward's province."""
    return (
        _facts(params, teams=False)
        .values("province_id", "province__name", "province__code")
        .annotate(**FACT_SUMS)
        .order_by("province__code")
    )


# For each kind of row: its queryset, and the keys of its unit's id, name and parent's name.
FACT_ROWS = {
    "team": (_team_rows_queryset, ("team_id", "team__name", "team__ward__name")),
    "ward": (_ward_rows_queryset, ("ward_id", "ward__name", "province__name")),
    "province": (_province_rows_queryset, ("province_id", "province__name", None)),
}


def _fact_kind(params):
    if params.level == NATIONAL:
        return "province"
    return "ward" if getattr(params, "by", BY_TEAM) == BY_WARD else "team"


def _fact_rows(params):
    queryset, (pk, name, parent) = FACT_ROWS[_fact_kind(params)]
    return [
        _row({**item, "pk": item[pk], "name": item[name]}, parent=item[parent] if parent else "")
        for item in queryset(params)
    ]


def _sessions_queryset(params):
    """Sessions organised in the unit being looked at or inviting its teams or wards: the
    ``SESSIONS_SHOWN`` most recent of the period, chosen first (the ``starts_at`` index) and
    only then counted, in one statement."""
    if params.province_id:
        scope = Scope(province_id=params.province_id, ward_id=params.ward_id)
    else:
        scope = params.scope
    start, end = _period_bounds(params.period)
    db = report_db_alias()
    recent = (
        sessions_in_scope(scope)
        .using(db)
        .filter(_course_q(params, "course"), starts_at__gte=start, starts_at__lt=end)
        .order_by("-starts_at", "-pk")
        .values("pk")[:SESSIONS_SHOWN]
    )
    return sessions_with_counts(TrainingSession.objects.using(db).filter(pk__in=recent)).order_by(
        "-starts_at", "-pk"
    )


def _session_rows(params):
    keys = ("invited", "present", "late", "excused", "absent", "attended")
    return [
        {
            "session_id": s.pk,
            "title": s.title,
            "starts_at": s.starts_at,
            **{key: getattr(s, f"n_{key}") for key in keys},
        }
        for s in _sessions_queryset(params)
    ]


def attendance_statements(params) -> list[tuple[str, tuple]]:
    """The two statements the report runs, as (SQL, parameters): what the benchmark runs on
    the database alone as the report's floor."""
    queryset, _keys = FACT_ROWS[_fact_kind(params)]
    return [
        qs.query.get_compiler(using=qs.db).as_sql()
        for qs in (queryset(params), _sessions_queryset(params))
    ]


def _unit_rows(params):
    if attendance_facts_apply(params):
        return _fact_rows(params)
    by = getattr(params, "by", BY_TEAM)
    if params.level == NATIONAL:
        return _province_rows_from_sources(params)
    if by == BY_WARD:
        return _ward_rows_from_sources(params)
    return _team_rows_from_sources(params)


def attendance_report(*, params: ReportParams) -> Report:
    """Rates per team (or ward) and counts per session, in the period. Two statements."""
    rows = _unit_rows(params)
    totals = {key: sum(row[key] for row in rows) for key in ("invited", "attended")}
    totals["sessions"] = None  # a session may invite several teams: a sum would overcount
    totals["attendance_pct"] = _pct(totals["attended"], totals["invited"])
    return Report(
        params=params, rows=rows, totals=totals, extra={"sessions": _session_rows(params)}
    )
