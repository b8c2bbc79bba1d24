"""What the reports share: their parameters, the units they break down into, and who counts.

People are counted where they serve: a member belongs to the unit of the team they are an active
member of (``Membership.left_on`` empty, team active). Members of a commune-level team, which has
no hamlet, appear in a ward's breakdown on their own "commune-level team" row, so that the hamlet
rows plus that row add up to the ward.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, valid_on_q
from courses.attendance.models import Attendance
from courses.models import CourseCompletion
from lms.accounts.scoping import Scope
from teams.choices import HamletKind, TeamStatus
from teams.models import Hamlet, Membership, Province, Ward

from .. import sources
from ..db import report_db_alias
from ..periods import Period, period_parse

NATIONAL, PROVINCE, WARD = "national", "province", "ward"

# The row that collects what belongs to the unit itself rather than to one of its sub-units:
# commune-level teams in a ward's hamlet breakdown, province-run sessions in a ward breakdown.
OWN_LEVEL_LABELS = {
    PROVINCE: _("Cấp tỉnh tổ chức"),
    WARD: _("Tổ cấp xã, phường"),
}


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


# -- helpers -----------------------------------------------------------------------------------


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
    completed = CourseCompletion.objects.filter(
        _course_q(params, "course"),
        member_id=OuterRef("member_id"),
        completed_on__gte=params.period.start,
        completed_on__lte=params.period.end,
    ).order_by()
    q |= Q(Exists(completed))
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
    return valid_on_q(params.reference_date, prefix) & _course_q(params, f"{prefix}course")


def certified_q(params):
    """A condition on an active membership row: its member holds a valid certificate."""
    holds = Certificate.objects.filter(
        valid_certificate_q(params), holder_id=OuterRef("member_id")
    ).order_by()
    return Q(Exists(holds))


def _count_members_where(params, member_key, condition, name):
    """{unit: {name: distinct active members matching ``condition``}}, one query."""
    return (
        _active_memberships(params)
        .filter(condition)
        .values(member_key)
        .annotate(**{name: Count("member_id", distinct=True)})
    )


# -- headings ----------------------------------------------------------------------------------


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
