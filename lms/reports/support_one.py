"""The support report nationally and for a province as ONE SQL statement.

Whenever ``SupportFact`` can answer (``support_sql.facts_apply``), every figure the report needs
comes back from one round trip: the ORM queries of each part (the row units, nationally the
wards, the sums per ward and per month from ``SupportFact``, the active, silent and expected
teams per ward, the adults per ward, the ward months per ward) are compiled by Django and joined
by ``UNION ALL`` into one statement, each row tagged with its part and padded to one layout:

    tag, id, month, code, name, parent, n0 … n17

The parts keep their definitions in one place: expected teams are
``teams.support.completeness.expected_q``, deadlines ``completeness.deadline``. The statement is
also the report's floor in ``benchmark``: what the database alone costs for these figures.
"""

import datetime
import functools

from django.conf import settings
from django.db import connections
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, When

from teams.choices import TeamStatus
from teams.models import CommunityTeam, Province, Ward
from teams.support.choices import IndicatorKind, MonthStatus
from teams.support.completeness import SILENT_DAYS, deadline, expected_q, month_end
from teams.support.models import AreaIndicator, WardMonth

from .db import report_db_alias
from .models import SupportFact, SupportTeamFact
from .selectors.common import NATIONAL, _scope_q
from .selectors.support_completeness import COMPLETENESS_KEYS, completeness_months
from .support_sql import SUM_KEYS

NUMBERS = 18
TEXT_COLUMNS = ("code", "name")


def _compiled(queryset):
    return queryset.query.get_compiler(using=report_db_alias()).as_sql()


def _part(tag, queryset, *, id=None, month=None, code=None, name=None, parent=None, numbers=()):
    """One tagged SELECT over the compiled ``queryset`` (``p``), in the common layout."""
    sql, args = _compiled(queryset)
    numbers = list(numbers)

    def col(value, cast):
        return f"p.{value}" if value else f"CAST(NULL AS {cast})"

    columns = [
        f"'{tag}'",
        col(id, "BIGINT"),
        col(month, "DATE"),
        col(code, "TEXT"),
        col(name, "TEXT"),
        col(parent, "BIGINT"),
        *[f"p.{n}" for n in numbers],
        *["CAST(NULL AS BIGINT)"] * (NUMBERS - len(numbers)),
    ]
    return f"SELECT {', '.join(columns)} FROM ({sql}) p", list(args)


def _sum_annotations(closed_until=None):
    sums = {key: Sum(key) for key in SUM_KEYS}
    if closed_until is not None:
        sums["teams_reporting"] = Sum(
            Case(When(month__lte=closed_until, then="teams"), default=0),
            output_field=IntegerField(),
        )
    return sums


def support_one_statement(*, params, today):
    """(sql, args, months of completeness) of every figure of the report, in one statement."""
    deadline_day = settings.LMS_SUPPORT_DEADLINE_DAY
    sql, args, months = _statement(params, today, report_db_alias(), deadline_day)
    return sql, list(args), months


# Building and compiling the seven querysets costs about 6 ms, a quarter of a province's
# report; the statement depends only on the parameters, the day and the database, so a
# report asked again the same day (the JSON pulls, the screen's exports) reuses it. The
# deadline setting is part of the key, since the statement embeds each month's deadline.
@functools.lru_cache(maxsize=128)
def _statement(params, today, db, _deadline_day):
    level = params.level
    period = params.period
    closed_until = today.replace(day=1) - datetime.timedelta(days=1)
    months = completeness_months(period, today)
    parts = []
    if level == NATIONAL:
        provinces = (
            Province.objects.using(db)
            .filter(_scope_q(params, province="id", ward="wards__id"))
            .values("id", "code", "name")
            .distinct()
            .order_by()
        )
        parts.append(_part("U", provinces, id="id", code="code", name="name"))
    wards = (
        Ward.objects.using(db)
        .filter(_scope_q(params, province="province_id", ward="id"))
        .values("id", "code", "name", "province_id")
        .order_by()
    )
    tag = "F" if level == NATIONAL else "U"
    parts.append(_part(tag, wards, id="id", code="code", name="name", parent="province_id"))

    ward_scope = _scope_q(params, province="ward__province_id", ward="ward_id")
    facts = SupportFact.objects.using(db).filter(
        ward_scope, month__gte=period.start, month__lte=period.end
    )
    by_ward = facts.values("ward_id").annotate(**_sum_annotations(closed_until)).order_by()
    parts.append(_part("S", by_ward, id="ward_id", numbers=[*SUM_KEYS, "teams_reporting"]))
    by_month = facts.values("month").annotate(**_sum_annotations()).order_by()
    parts.append(_part("M", by_month, month="month", numbers=SUM_KEYS))

    cutoff = today - datetime.timedelta(days=SILENT_DAYS)
    recent = SupportTeamFact.objects.filter(team_id=OuterRef("pk"), last_date__gt=cutoff)
    active = Q(status=TeamStatus.ACTIVE)
    silent = active & (Q(founded_on__isnull=True) | Q(founded_on__lte=cutoff)) & ~Q(Exists(recent))
    expected = {f"m{i}": Count("id", filter=expected_q(month_end(m))) for i, m in enumerate(months)}
    teams = (
        CommunityTeam.objects.using(db)
        .filter(ward_scope)
        .values("ward_id")
        .annotate(
            teams=Count("id", filter=active), silent_teams=Count("id", filter=silent), **expected
        )
        .order_by()
    )
    team_numbers = ["teams", "silent_teams", *expected]
    parts.append(_part("T", teams, id="ward_id", numbers=team_numbers))

    adults = (
        AreaIndicator.objects.using(db)
        .filter(
            ward_scope,
            hamlet__isnull=True,
            kind=IndicatorKind.ADULTS,
            year=period.end.year,
            month=0,
        )
        .values("ward_id", "value")
        .order_by()
    )
    parts.append(_part("A", adults, id="ward_id", numbers=["value"]))

    if months:
        done = Q(status__in=[MonthStatus.SUBMITTED, MonthStatus.APPROVED])
        on_time = Q(pk__in=[])
        for month in months:
            on_time |= Q(month=month, submitted_at__lte=deadline(month))
        reports = (
            WardMonth.objects.using(db)
            .filter(ward_scope, month__in=months)
            .values("ward_id")
            .annotate(
                submitted=Count("id", filter=done),
                on_time=Count("id", filter=done & on_time),
                approved=Count("id", filter=Q(status=MonthStatus.APPROVED)),
            )
            .order_by()
        )
        parts.append(
            _part("W", reports, id="ward_id", numbers=["submitted", "on_time", "approved"])
        )

    sql = " UNION ALL ".join(part for part, _args in parts)
    args = tuple(arg for _part_sql, part_args in parts for arg in part_args)
    return sql, args, tuple(months)


def support_one_figures(*, params, today):
    """The parts of :func:`support_one_statement`, as the report assembles them."""
    sql, args, months = support_one_statement(params=params, today=today)
    with connections[report_db_alias()].cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    units, fine, sums, by_month, teams, adults, completeness = [], [], {}, {}, {}, {}, {}
    reporting = {}
    n_months = len(months)
    for tag, key, month, code, name, parent, *numbers in rows:
        if tag == "U" or tag == "F":
            unit = {"unit_id": key, "code": code, "name": name, "parent_id": parent}
            (units if tag == "U" else fine).append(unit)
        elif tag == "S":
            sums[key] = dict(zip(SUM_KEYS, (int(v or 0) for v in numbers), strict=False))
            reporting[key] = int(numbers[len(SUM_KEYS)] or 0)
        elif tag == "M":
            if isinstance(month, str):
                month = datetime.date.fromisoformat(month[:10])
            by_month[month] = dict(zip(SUM_KEYS, (int(v or 0) for v in numbers), strict=False))
        elif tag == "T":
            teams[key] = {"teams": numbers[0], "silent_teams": numbers[1]}
            counts = numbers[2 : 2 + n_months]
            if any(counts):
                completeness[key] = dict.fromkeys(COMPLETENESS_KEYS, 0)
                completeness[key]["reports_expected"] = sum(1 for n in counts if n)
                completeness[key]["teams_expected"] = sum(counts)
        elif tag == "A":
            adults[key] = numbers[0]
        elif tag == "W":
            target = completeness.get(key)
            if target is not None:
                cap = target["reports_expected"]
                target["reports_submitted"] = min(numbers[0], cap)
                target["reports_on_time"] = min(numbers[1], cap)
                target["reports_approved"] = min(numbers[2], cap)
    for key, target in completeness.items():
        target["teams_reporting"] = min(reporting.get(key, 0), target["teams_expected"])
    units.sort(key=lambda unit: (unit["code"], unit["unit_id"]))
    fine.sort(key=lambda unit: (unit["code"], unit["unit_id"]))
    return units, fine, sums, by_month, teams, adults, completeness
