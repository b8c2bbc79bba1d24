"""The three reports, each aggregated in the database in a fixed number of queries.

Every report groups rows by the administrative unit one level below the one being looked at:
nationally one row per province, in a province one row per ward, in a ward one row per hamlet.
Each indicator family is one ``values(<unit key>).annotate(Count(..., filter=Q(...)))`` query
whatever the number of units, and the per-unit dictionaries are merged in Python. Totals are the
sum of the rows shown, so a province's wards always add up to the province's row nationally.

People are counted where they serve: a member belongs to the unit of the team they are an active
member of (``Membership.left_on`` empty, team active). Members of a commune-level team, which has
no hamlet, appear in a ward's breakdown on their own "commune-level team" row, so that the hamlet
rows plus that row add up to the ward. Training sessions belong to the unit that organised them,
learners and certificates of the training activity report to the ward the learner is registered
in, because many learners (walk-ins, citizens) are in no team.
"""

import calendar
import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lms.accounts.scoping import Scope
from teams.choices import (
    Affiliation,
    Gender,
    HamletKind,
    ITQualification,
    TeamRole,
    TeamStatus,
)
from teams.models import CommunityTeam, Hamlet, Membership, Province, Ward

from . import sources
from .coverage_sql import coverage_figures
from .db import report_db_alias
from .models import ACTIVITY_EPOCH_YEAR, ACTIVITY_MONTHS
from .periods import Period, period_parse

NATIONAL, PROVINCE, WARD = "national", "province", "ward"

# The row that collects what belongs to the unit itself rather than to one of its sub-units:
# commune-level teams in a ward's hamlet breakdown, province-run sessions in a ward breakdown.
OWN_LEVEL_LABELS = {
    PROVINCE: _("Cấp tỉnh tổ chức"),
    WARD: _("Tổ cấp xã, phường"),
}

AGE_BANDS = [
    # (key, label, youngest age, oldest age) at the end of the period
    ("age_lt30", _("Dưới 30"), 0, 29),
    ("age_30_44", _("30–44"), 30, 44),
    ("age_45_59", _("45–59"), 45, 59),
    ("age_60", _("Từ 60"), 60, None),
]

GAP_NO_TEAM = "no_team"
GAP_NO_TRAINED = "no_trained"


@dataclass(frozen=True)
class ReportParams:
    """What a report is asked for, already limited to the user's scope."""

    scope: Scope
    period: Period
    province_id: int | None = None
    ward_id: int | None = None
    course_id: int | None = None
    topic_id: int | None = None
    team_level: str = ""
    gap: str = ""

    @property
    def level(self):
        if self.ward_id:
            return WARD
        if self.province_id:
            return PROVINCE
        return NATIONAL

    @property
    def reference_date(self):
        """The day certificates must still be valid on and ages are counted at."""
        return min(self.period.end, timezone.localdate())


def report_params(*, scope, period=None, **kwargs):
    """Parameters clamped to ``scope``: a ward officer is always looking at their ward, a
    province officer at their province, whatever the request asked for."""
    period = period or period_parse("year")
    params = ReportParams(scope=scope, period=period, **kwargs)
    if scope.everything:
        return params
    if scope.ward_id:
        return replace(params, province_id=scope.province_id, ward_id=scope.ward_id)
    return replace(params, province_id=scope.province_id)


@dataclass
class Report:
    params: ReportParams
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def level(self):
        return self.params.level


# -- helpers ---------------------------------------------------------------------------------


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _period_bounds(period):
    """Aware datetimes [start, end) covering the local dates of the period."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def _scope_q(params, *, province, ward):
    """The rows under the unit being looked at, inside the scope; ``province``/``ward`` are the
    lookups from the queried model to the province and ward ids."""
    q = Q()
    scope = params.scope
    if scope.nothing:
        return Q(pk__in=[])
    if not scope.everything:
        q &= Q(**{province: scope.province_id})
        if scope.ward_id:
            q &= Q(**{ward: scope.ward_id})
    if params.province_id:
        q &= Q(**{province: params.province_id})
    if params.ward_id:
        q &= Q(**{ward: params.ward_id})
    return q


def _units(params):
    """The rows of a report: (id, code, name) of the sub-units of the unit being looked at."""
    db = report_db_alias()
    if params.level == NATIONAL:
        qs = (
            Province.objects.using(db)
            .filter(_scope_q(params, province="id", ward="wards__id"))
            .order_by("code")
        )
        values = qs.values_list("id", "code", "name")
    elif params.level == PROVINCE:
        qs = (
            Ward.objects.using(db)
            .filter(_scope_q(params, province="province_id", ward="id"))
            .order_by("code")
        )
        values = qs.values_list("id", "code", "name")
    else:
        qs = (
            Hamlet.objects.using(db)
            .filter(_scope_q(params, province="ward__province_id", ward="ward_id"), is_active=True)
            .order_by("name", "id")
        )
        values = qs.values_list("id", "code", "name", "kind")
    return _unit_rows(params, values.distinct())


@functools.cache
def _hamlet_kind_labels(language):
    with translation.override(language):
        return {value: str(label) for value, label in HamletKind.choices}


def _unit_rows(params, rows):
    """Unit dictionaries from (id, code, name[, hamlet kind]) rows; a hamlet's name gets its
    kind in front ("Ấp Tân Lập"). Labels are translated once per report, not per row."""
    kinds = _hamlet_kind_labels(translation.get_language()) if params.level == WARD else {}
    units = []
    for unit_id, code, name, *kind in rows:
        if kind and kind[0] in kinds:
            name = f"{kinds[kind[0]]} {name}"
        units.append({"unit_id": unit_id, "code": code, "name": name})
    return units


def _drill(params, code):
    """The code to filter on to open a unit's own breakdown (province code nationally, ward code
    in a province), or None at the last level; the view turns it into a link."""
    if params.level == WARD or not code:
        return None
    return code


def _rows(params, units, metrics, keys, *, own_level_label=None):
    """Merge per-unit metric dictionaries into rows; figures for a key that is no sub-unit
    (``None``: the unit's own level) go to an extra row after the sub-units."""
    rows = []
    known = set()
    for unit in units:
        known.add(unit["unit_id"])
        row = dict(unit, drill=_drill(params, unit["code"]))
        for key in keys:
            row[key] = metrics.get(unit["unit_id"], {}).get(key, 0)
        rows.append(row)
    leftover = defaultdict(int)
    for unit_id, values in metrics.items():
        if unit_id in known:
            continue
        for key in keys:
            leftover[key] += values.get(key, 0)
    if any(leftover.values()):
        row = {"unit_id": None, "code": "", "name": str(own_level_label or ""), "drill": None}
        row.update({key: leftover[key] for key in keys})
        rows.append(row)
    return rows


def _sum(rows, keys):
    return {key: sum(row.get(key) or 0 for row in rows) for key in keys}


def _merge(target, unit_key, results):
    for result in results:
        unit_id = result.pop(unit_key)
        target.setdefault(unit_id, {}).update(result)


def _active_memberships(params):
    db = report_db_alias()
    qs = Membership.objects.using(db).filter(
        _scope_q(params, province="team__ward__province_id", ward="team__ward_id"),
        left_on__isnull=True,
        team__status=TeamStatus.ACTIVE,
    )
    if params.team_level:
        qs = qs.filter(team__level=params.team_level)
    return qs.order_by()


def _membership_key(params):
    return {
        NATIONAL: "team__ward__province_id",
        PROVINCE: "team__ward_id",
        WARD: "team__hamlet_id",
    }[params.level]


def _course_q(params, prefix):
    """Limit a training or certificate lookup to the chosen course or topic."""
    q = Q()
    if params.course_id:
        q &= Q(**{f"{prefix}_id": params.course_id})
    if params.topic_id:
        q &= Q(**{f"{prefix}__topics": params.topic_id})
    return q


def trained_q(params):
    """A condition on an active membership row: its member attended at least one session or
    completed at least one course in the period (limited to the chosen course or topic).

    Correlated ``EXISTS`` on ``member_id`` in the WHERE clause: the database probes the
    ``completion_member_on`` and ``attendance_attended_member`` indexes (index-only) for just
    the members of the unit being looked at. Measured on the
    national data set it beat an ``IN (SELECT ... UNION ...)`` set at every level, and unlike
    a test inside ``COUNT(...) FILTER`` it is never re-run once a set outgrows ``work_mem``.
    """
    start, end = _period_bounds(params.period)
    q = Q(pk__in=[])
    # Completions first: PostgreSQL evaluates the OR in the order written, and one probe of the
    # (member, completed_on) index settles most members before the attendance test, which
    # needs a join to the session for every attended row.
    Completion = sources.completion_model()
    if Completion is not None:
        completed = Completion.objects.filter(
            _course_q(params, "course"),
            member_id=OuterRef("member_id"),
            completed_on__gte=params.period.start,
            completed_on__lte=params.period.end,
        ).order_by()
        q |= Q(Exists(completed))
    Attendance = sources.attendance_model()
    if Attendance is not None:
        attended = Attendance.objects.filter(
            _course_q(params, "session__course"),
            member_id=OuterRef("member_id"),
            status__in=sources.ATTENDED_STATUSES,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        ).order_by()
        q |= Q(Exists(attended))
    return q


def valid_certificate_q(params, prefix=""):
    """Certificates valid on the report's reference date (lookups under ``prefix``)."""
    day = params.reference_date
    return (
        Q(**{f"{prefix}status": sources.CERTIFICATE_VALID, f"{prefix}issued_on__lte": day})
        & (Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day}))
        & _course_q(params, f"{prefix}course")
    )


def certified_q(params):
    """A condition on an active membership row: its member holds a valid certificate."""
    Certificate = sources.certificate_model()
    if Certificate is None:
        return Q(pk__in=[])
    holds = Certificate.objects.filter(
        valid_certificate_q(params), holder_id=OuterRef("member_id")
    ).order_by()
    return Q(Exists(holds))


# -- the coverage rows -------------------------------------------------------------------------


def _month_index(day):
    return (day.year - ACTIVITY_EPOCH_YEAR) * 12 + day.month - 1


def summary_applies(params):
    """Whether the coverage figures can be read from ``CoverageFact``: its training months and
    certificate spans cover every course, for months inside its window, so it answers every
    report without a course or topic filter whose period lies inside the window. Anything else
    is counted from the source tables."""
    period = params.period
    return (
        not params.course_id
        and not params.topic_id
        and _month_index(period.start) >= 0
        and _month_index(period.end) < ACTIVITY_MONTHS
    )


def period_month_masks(period):
    """(full, edge): ``CoverageFact.trained_months`` masks of the months the period covers
    entirely and of those it covers only in part (at most its first and last)."""
    full = edge = 0
    month = period.start.replace(day=1)
    while month <= period.end:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        bit = 1 << _month_index(month)
        if period.start <= month and last <= period.end:
            full |= bit
        else:
            edge |= bit
        month = last + datetime.timedelta(days=1)
    return full, edge


def _count_members_where(params, member_key, condition, name):
    """{unit: {name: distinct active members matching ``condition``}}, one query."""
    return (
        _active_memberships(params)
        .filter(condition)
        .values(member_key)
        .annotate(**{name: Count("member_id", distinct=True)})
    )


# -- 1. coverage ------------------------------------------------------------------------------

COVERAGE_COUNTS = ["hamlets", "hamlets_covered", "teams", "members", "trained", "certified"]


def _coverage_percentages(row):
    row["hamlets_covered_pct"] = _pct(row["hamlets_covered"], row["hamlets"])
    row["trained_pct"] = _pct(row["trained"], row["members"])
    row["certified_pct"] = _pct(row["certified"], row["members"])
    return row


def coverage_report(*, params: ReportParams) -> Report:
    """Hamlets, hamlets with an active team, teams, active members, members trained in the
    period and members holding a valid certificate, per sub-unit.

    One statement over ``CoverageFact`` (``coverage_sql``) when it can answer (see
    :func:`summary_applies`); otherwise six ORM queries on the source tables."""
    level = params.level
    if summary_applies(params) and not params.scope.nothing:
        full, edge = period_month_masks(params.period)
        rows, metrics = coverage_figures(
            params=params,
            full_mask=full,
            edge_mask=edge,
            period_bounds=_period_bounds(params.period),
        )
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


# -- 2. staffing ------------------------------------------------------------------------------


def staffing_columns(topics=()):
    """The staffing report's count columns as (group label, [(key, label), ...])."""
    return [
        (_("Chức vụ trong tổ"), [(f"role_{v}", label) for v, label in TeamRole.choices]),
        (_("Đơn vị công tác"), [(f"aff_{v}", label) for v, label in Affiliation.choices]),
        (
            _("Giới tính"),
            [(f"gender_{v}", label) for v, label in Gender.choices]
            + [("gender_unknown", _("Chưa rõ"))],
        ),
        (
            _("Độ tuổi"),
            [(key, label) for key, label, _lo, _hi in AGE_BANDS] + [("age_unknown", _("Chưa rõ"))],
        ),
        (
            _("Trình độ CNTT"),
            [(f"qual_{v}", label) for v, label in ITQualification.choices]
            + [("it_major", _("Chuyên ngành CNTT"))],
        ),
        (
            _("Có chứng nhận theo chủ đề"),
            [(f"topic_{topic['id']}", topic["name"]) for topic in topics],
        ),
    ]


def _age_q(day, youngest, oldest):
    """Born so that the age on ``day`` is between ``youngest`` and ``oldest`` (inclusive)."""

    def years_before(n):
        try:
            return day.replace(year=day.year - n)
        except ValueError:  # 29 February
            return day.replace(year=day.year - n, day=28)

    q = Q(member__date_of_birth__lte=years_before(youngest))
    if oldest is not None:
        q &= Q(member__date_of_birth__gt=years_before(oldest + 1))
    return q


def _topics():
    Topic = sources.topic_model()
    if Topic is None:
        return []
    name_field = "name" if any(f.name == "name" for f in Topic._meta.fields) else "title"
    return [
        {"id": pk, "name": name}
        for pk, name in Topic.objects.using(report_db_alias())
        .order_by(name_field, "pk")
        .values_list("pk", name_field)
    ]


def staffing_report(*, params: ReportParams) -> Report:
    """Active members per sub-unit by role, affiliation, gender, age band, IT qualification and
    major, and members holding a valid certificate per topic. Five queries."""
    level = params.level
    units = _units(params)
    topics = _topics()
    day = params.reference_date
    member_key = _membership_key(params)
    distinct = {"distinct": True}

    counts = {"members": Count("member_id", **distinct)}
    for value, _label in TeamRole.choices:
        counts[f"role_{value}"] = Count("member_id", filter=Q(role=value), **distinct)
    for value, _label in Affiliation.choices:
        counts[f"aff_{value}"] = Count("member_id", filter=Q(member__affiliation=value), **distinct)
    for value, _label in Gender.choices:
        counts[f"gender_{value}"] = Count("member_id", filter=Q(member__gender=value), **distinct)
    counts["gender_unknown"] = Count(
        "member_id", filter=~Q(member__gender__in=Gender.values), **distinct
    )
    for key, _label, youngest, oldest in AGE_BANDS:
        counts[key] = Count("member_id", filter=_age_q(day, youngest, oldest), **distinct)
    counts["age_unknown"] = Count(
        "member_id", filter=Q(member__date_of_birth__isnull=True), **distinct
    )
    for value, _label in ITQualification.choices:
        counts[f"qual_{value}"] = Count(
            "member_id", filter=Q(member__it_qualification=value), **distinct
        )
    counts["it_major"] = Count("member_id", filter=Q(member__it_major=True), **distinct)

    metrics = {}
    _merge(metrics, member_key, _active_memberships(params).values(member_key).annotate(**counts))
    _merge(
        metrics,
        member_key,
        _count_members_where(params, member_key, certified_q(params), "certified"),
    )

    Certificate = sources.certificate_model()
    if Certificate is not None and topics:
        holder = Certificate._meta.get_field("holder").related_query_name()
        per_topic = (
            _active_memberships(params)
            .filter(valid_certificate_q(params, prefix=f"member__{holder}__"))
            .values(member_key, topic=F(f"member__{holder}__course__topics"))
            .annotate(n=Count("member_id", distinct=True))
        )
        for row in per_topic:
            if row["topic"] is None:
                continue
            metrics.setdefault(row[member_key], {})[f"topic_{row['topic']}"] = row["n"]

    keys = ["members", *[key for _group, cols in staffing_columns(topics) for key, _l in cols]]
    keys.append("certified")
    rows = _rows(params, units, metrics, keys, own_level_label=OWN_LEVEL_LABELS.get(level))
    return Report(params=params, rows=rows, totals=_sum(rows, keys), extra={"topics": topics})


# -- 3. training activity ---------------------------------------------------------------------

ACTIVITY_COUNTS = ["sessions", "invited", "attended"]


def _activity_percentages(row):
    row["attendance_pct"] = _pct(row["attended"], row["invited"])
    return row


def _learner_q(params, member="member"):
    return _scope_q(params, province=f"{member}__ward__province_id", ward=f"{member}__ward_id")


def activity_report(*, params: ReportParams) -> Report:
    """Sessions held and attendance per organising unit, enrolments and completions per course,
    certificates issued per month. Five queries."""
    db = report_db_alias()
    level = params.level
    start, end = _period_bounds(params.period)
    now = timezone.now()

    # Sessions belong to the unit that organised them; in a ward only that ward's own row.
    if level == WARD:
        units = [
            {"unit_id": unit_id, "code": code, "name": name}
            for unit_id, code, name in Ward.objects.using(db)
            .filter(pk=params.ward_id)
            .filter(_scope_q(params, province="province_id", ward="id"))
            .values_list("id", "code", "name")
        ]
    else:
        units = _units(params)
    metrics = {}
    Session = sources.session_model()
    if Session is not None:
        session_key = {
            NATIONAL: "organiser_province_id",
            PROVINCE: "organiser_ward_id",
            WARD: "organiser_ward_id",
        }[level]
        attendance = sources.attendance_model()._meta.get_field("session").related_query_name()
        sessions = (
            Session.objects.using(db)
            .filter(
                _scope_q(params, province="organiser_province_id", ward="organiser_ward_id"),
                _course_q(params, "course"),
                starts_at__gte=start,
                starts_at__lt=min(end, now),
            )
            .order_by()
            .values(session_key)
            .annotate(
                sessions=Count("id", distinct=True),
                invited=Count(attendance),
                attended=Count(
                    attendance,
                    filter=Q(**{f"{attendance}__status__in": sources.ATTENDED_STATUSES}),
                ),
            )
        )
        _merge(metrics, session_key, sessions)
    rows = _rows(
        params, units, metrics, ACTIVITY_COUNTS, own_level_label=OWN_LEVEL_LABELS.get(level)
    )
    rows = [_activity_percentages(row) for row in rows]
    totals = _activity_percentages(_sum(rows, ACTIVITY_COUNTS))

    courses = _course_activity(params)
    months = _certificates_per_month(params)
    return Report(
        params=params, rows=rows, totals=totals, extra={"courses": courses, "months": months}
    )


def _course_activity(params):
    """Per course: learners enrolled by the end of the period, how many of them had completed
    by then, how many completed within the period, and the completion rate."""
    Enrolment, Completion, Course = (
        sources.enrolment_model(),
        sources.completion_model(),
        sources.course_model(),
    )
    if Enrolment is None or Completion is None or Course is None:
        return []
    db = report_db_alias()
    _start, end = _period_bounds(params.period)
    completed_by_end = Completion.objects.filter(
        member_id=OuterRef("member_id"),
        course_id=OuterRef("course_id"),
        completed_on__lte=params.period.end,
    )
    completed_in_period = completed_by_end.filter(completed_on__gte=params.period.start)
    per_course = (
        Enrolment.objects.using(db)
        .filter(_learner_q(params), _course_q(params, "course"), enrolled_at__lt=end)
        .order_by()
        .values("course_id", "course__title")
        .annotate(
            enrolled=Count("member_id", distinct=True),
            completed=Count("member_id", distinct=True, filter=Q(Exists(completed_by_end))),
            completed_in_period=Count(
                "member_id", distinct=True, filter=Q(Exists(completed_in_period))
            ),
        )
        .order_by("course__title")
    )
    rows = []
    for row in per_course:
        rows.append(
            {
                "course_id": row["course_id"],
                "title": row["course__title"],
                "enrolled": row["enrolled"],
                "completed": row["completed"],
                "completed_in_period": row["completed_in_period"],
                "completion_pct": _pct(row["completed"], row["enrolled"]),
            }
        )
    return rows


def _months(period):
    month = period.start.replace(day=1)
    while month <= period.end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _certificates_per_month(params):
    """Certificates issued per month of the period (every month listed, zeros included)."""
    Certificate = sources.certificate_model()
    counts = {}
    if Certificate is not None:
        issued = (
            Certificate.objects.using(report_db_alias())
            .filter(
                _learner_q(params, member="holder"),
                _course_q(params, "course"),
                issued_on__gte=params.period.start,
                issued_on__lte=params.period.end,
            )
            .order_by()
            .annotate(month=TruncMonth("issued_on"))
            .values("month")
            .annotate(n=Count("id"))
        )
        for row in issued:
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = month.date()
            counts[month] = row["n"]
    return [{"month": month, "issued": counts.get(month, 0)} for month in _months(params.period)]


# -- dashboard --------------------------------------------------------------------------------


def dashboard_figures(*, scope: Scope) -> dict | None:
    """The key figures of the coverage report for the officer's whole scope this year."""
    if scope.nothing:
        return None
    params = report_params(scope=scope)
    report = coverage_report(params=params)
    return {"params": params, "totals": report.totals, "units": len(report.rows)}


def report_unit_name(*, params: ReportParams) -> str:
    """The unit a report is about, as written in its heading: a ward with its province, a
    province, or the whole country."""
    if params.ward_id:
        ward = (
            Ward.objects.using(report_db_alias())
            .filter(pk=params.ward_id)
            .values_list("name", "province__name")
            .first()
        )
        return f"{ward[0]}, {ward[1]}" if ward else ""
    if params.province_id:
        name = (
            Province.objects.using(report_db_alias())
            .filter(pk=params.province_id)
            .values_list("name", flat=True)
            .first()
        )
        return name or ""
    return str(_("Toàn quốc"))


def unit_trail(*, params: ReportParams) -> list:
    """The units above the rows being shown, as (level, code, name): the province, then the
    ward, for the links back up a drill-down. One query at most."""
    db = report_db_alias()
    if params.ward_id:
        ward = (
            Ward.objects.using(db)
            .filter(pk=params.ward_id)
            .values_list("code", "name", "province__code", "province__name")
            .first()
        )
        if ward is None:
            return []
        return [(PROVINCE, ward[2], ward[3]), (WARD, ward[0], ward[1])]
    if params.province_id:
        province = (
            Province.objects.using(db)
            .filter(pk=params.province_id)
            .values_list("code", "name")
            .first()
        )
        return [(PROVINCE, *province)] if province else []
    return []
