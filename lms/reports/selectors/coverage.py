"""The coverage report: hamlets with a team, and team members trained and certified.

It has two paths with the same definitions. Whenever it can (:func:`activity_applies`) it reads
``CoverageFact``, one row per active membership kept up to date by ``lms.reports.activity``, in
one statement (``lms.reports.coverage_sql``); with a course or topic filter that statement
also joins the chosen courses' ``LearnerCourseFact`` rows (``lms.reports.coverage_course_sql``).
For a period outside the rows' window it counts the source tables with the ORM.
"""

import calendar
import datetime

from django.db.models import Count, Q

from lms.accounts.scoping import Scope
from teams.choices import TeamStatus
from teams.models import CommunityTeam, Hamlet

from ..activity import month_index
from ..coverage_course_sql import coverage_course_statement
from ..coverage_sql import coverage_statement, figures_of
from ..db import report_db_alias
from .common import (
    NATIONAL,
    OWN_LEVEL_LABELS,
    PROVINCE,
    WARD,
    Report,
    ReportParams,
    _active_memberships,
    _count_members_where,
    _membership_key,
    _merge,
    _pct,
    _period_bounds,
    _rows,
    _scope_q,
    _sum,
    _unit_rows,
    _units,
    certified_q,
    report_params,
    trained_q,
)

GAP_NO_TEAM = "no_team"
GAP_NO_TRAINED = "no_trained"


# -- CoverageFact or the source tables ---------------------------------------------------------


def facts_window_applies(params):
    """Whether the period lies inside the window of the fact rows' training months, so that
    ``CoverageFact`` (and, for a course or topic, ``LearnerCourseFact``) can answer."""
    period = params.period
    return (
        month_index(period.start.year, period.start.month) is not None
        and month_index(period.end.year, period.end.month) is not None
    )


def activity_applies(params):
    """Whether the coverage figures can be read from ``CoverageFact`` alone: its training
    months and certificate spans cover every course, so it answers every report without a
    course or topic filter whose period lies inside the window."""
    return not params.course_id and not params.topic_id and facts_window_applies(params)


def course_facts_apply(params):
    """Whether a course or topic filter can be answered from ``CoverageFact`` joined to the
    chosen courses' ``LearnerCourseFact`` rows (a period inside the window)."""
    return bool(params.course_id or params.topic_id) and facts_window_applies(params)


def coverage_facts_statement(params):
    """(sql, parameters) of the one statement that answers ``params`` from the fact rows, or
    None when they cannot (a period outside their window). Also the benchmark's floor."""
    if activity_applies(params):
        statement = coverage_statement
    elif course_facts_apply(params):
        statement = coverage_course_statement
    else:
        return None
    full, edge = period_month_masks(params.period)
    return statement(
        params=params, full_mask=full, edge_mask=edge, period_bounds=_period_bounds(params.period)
    )


def period_month_masks(period):
    """(full, edge): ``CoverageFact.trained_months`` masks of the months the period covers
    entirely and of those it covers only in part (at most its first and last)."""
    full = edge = 0
    month = period.start.replace(day=1)
    while month <= period.end:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        bit = 1 << month_index(month.year, month.month)
        if period.start <= month and last <= period.end:
            full |= bit
        else:
            edge |= bit
        month = last + datetime.timedelta(days=1)
    return full, edge


# -- the report --------------------------------------------------------------------------------

COVERAGE_COUNTS = ["hamlets", "hamlets_covered", "teams", "members", "trained", "certified"]


def _coverage_percentages(row):
    row["hamlets_covered_pct"] = _pct(row["hamlets_covered"], row["hamlets"])
    row["trained_pct"] = _pct(row["trained"], row["members"])
    row["certified_pct"] = _pct(row["certified"], row["members"])
    return row


def coverage_report(*, params: ReportParams) -> Report:
    """Hamlets, hamlets with an active team, teams, active members, members trained in the
    period and members holding a valid certificate, per sub-unit.

    One statement over the fact rows (``coverage_sql``, ``coverage_course_sql``) when they
    can answer (see :func:`facts_window_applies`); otherwise six ORM queries on the source
    tables."""
    level = params.level
    statement = None if params.scope.nothing else coverage_facts_statement(params)
    if statement is not None:
        rows, metrics = figures_of(*statement)
        units = _unit_rows(params, rows)
    else:
        units, metrics = _units(params), _coverage_metrics_from_sources(params)
    rows = _rows(
        params, units, metrics, COVERAGE_COUNTS, own_level_label=OWN_LEVEL_LABELS.get(level)
    )
    if params.gap == GAP_NO_TEAM:
        rows = [row for row in rows if not row["teams"]]
    elif params.gap == GAP_NO_TRAINED:
        rows = [row for row in rows if not row["trained"]]
    rows = [_coverage_percentages(row) for row in rows]
    totals = _coverage_percentages(_sum(rows, COVERAGE_COUNTS))
    return Report(params=params, rows=rows, totals=totals)


def _coverage_metrics_from_sources(params):
    """The coverage figures counted on the source tables with the ORM, five queries: for a
    course or topic filter, or a period outside ``CoverageFact``'s window."""
    db = report_db_alias()
    level = params.level
    metrics = {}

    hamlet_key = {NATIONAL: "ward__province_id", PROVINCE: "ward_id", WARD: "id"}[level]
    hamlets = (
        Hamlet.objects.using(db)
        .filter(_scope_q(params, province="ward__province_id", ward="ward_id"), is_active=True)
        .order_by()
        .values(hamlet_key)
        .annotate(hamlets=Count("id"))
    )
    _merge(metrics, hamlet_key, hamlets)

    # A hamlet has at most one active team (a database constraint), so the hamlets with a team
    # are the distinct hamlets of the active teams.
    team_key = {NATIONAL: "ward__province_id", PROVINCE: "ward_id", WARD: "hamlet_id"}[level]
    teams = CommunityTeam.objects.using(db).filter(
        _scope_q(params, province="ward__province_id", ward="ward_id"), status=TeamStatus.ACTIVE
    )
    if params.team_level:
        teams = teams.filter(level=params.team_level)
    teams = (
        teams.order_by()
        .values(team_key)
        .annotate(
            teams=Count("id"),
            hamlets_covered=Count("hamlet_id", distinct=True, filter=Q(hamlet__is_active=True)),
        )
    )
    _merge(metrics, team_key, teams)

    member_key = _membership_key(params)
    members = (
        _active_memberships(params)
        .values(member_key)
        .annotate(members=Count("member_id", distinct=True))
    )
    _merge(metrics, member_key, members)
    _merge(
        metrics, member_key, _count_members_where(params, member_key, trained_q(params), "trained")
    )
    _merge(
        metrics,
        member_key,
        _count_members_where(params, member_key, certified_q(params), "certified"),
    )
    return metrics


# -- dashboard ---------------------------------------------------------------------------------


def dashboard_figures(*, scope: Scope) -> dict | None:
    """The key figures of the coverage report for the officer's whole scope this year."""
    if scope.nothing:
        return None
    params = report_params(scope=scope)
    report = coverage_report(params=params)
    return {"params": params, "totals": report.totals, "units": len(report.rows)}
