"""The support report: what the teams did for citizens, per unit, for the period.

Definitions (each checked on hand-made data in ``tests/reports/test_support_figures.py``):

- **citizens helped** (``people``): the sum of ``people`` of the records dated in the period;
  per skill, the people of the records naming that skill; per outcome, the sum of its counts.
- **self-filing rate** (``self_filing_pct``, "tỷ lệ người dân tự nộp hồ sơ trực tuyến"):
  ``dossier_self / (dossier_self + dossier_proxy)``, in %; empty (never 0 %) when no dossier
  was guided.
- **portal accounts per 1,000 adults** (``portal_per_1000``): ``portal_account`` over the
  unit's adults (``AreaIndicator`` kind ``adults``, year of the period's end, month 0) × 1,000.
  A ward's denominator is its own figure; a hamlet's is the hamlet's figure; a province's (and
  the country's) is the sum of its wards' figures, and exists only when *every* ward in it has
  one. Hamlet figures never stand in for a missing ward figure: they rarely cover a whole ward
  (unassigned streets, hamlets not entered yet), and a rate over a part of the population
  would look better than it is. No denominator: the rate is empty ("–"), never 0.
- **per team** (``people_per_team``): citizens helped over the unit's active teams now; the
  lowest-activity list ranks the wards (nationally and in a province) or hamlets (in a ward)
  with at least one active team by it, fewest first.
- **completeness** (per ward, rolled up): see ``support_completeness``.

Rows add up: every count of a row is a sum over the records of that unit, the totals are the
sum of the rows (and of the ward's own row of commune-level teams, in a ward), so the wards of
a province add up to the province's row nationally.

Queries: nationally and for a province (periods of whole months), ONE statement over the
per-ward-month sums ``SupportFact`` (``support_one``); otherwise (a ward's hamlets, a period
that cuts a month, a team-level filter) units, the aggregate over the records
(``support_sql``), teams, adults and completeness: a fixed number whatever the size.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from teams.choices import TeamStatus
from teams.models import CommunityTeam, Ward
from teams.support.choices import IndicatorKind
from teams.support.completeness import SILENT_DAYS
from teams.support.models import AreaIndicator

from ..db import report_db_alias
from ..models import SupportTeamFact
from ..support_one import support_one_figures
from ..support_sql import SUM_KEYS, facts_apply, support_sums
from .common import (
    NATIONAL,
    OWN_LEVEL_LABELS,
    WARD,
    Report,
    ReportParams,
    _drill,
    _pct,
    _scope_q,
    _units,
)
from .support_completeness import COMPLETENESS_KEYS, completeness_percentages, ward_completeness

LOWEST_COUNT = 10
TEAM_KEYS = ["teams", "silent_teams"]
COUNT_KEYS = [*SUM_KEYS, *TEAM_KEYS, *COMPLETENESS_KEYS]


def _today():
    return timezone.localdate()


def _rate(part, whole, scale):
    return round(scale * part / whole, 1) if whole else None


def support_percentages(row):
    """The rates of a row (or the totals) from its counts; empty when the base is empty."""
    dossiers = row["dossier_self"] + row["dossier_proxy"]
    row["self_filing_pct"] = _pct(row["dossier_self"], dossiers)
    adults = row.get("adults")
    row["portal_per_1000"] = _rate(row["portal_account"], adults, 1000) if adults else None
    row["people_per_team"] = _rate(row["people"], row["teams"], 1) if row["teams"] else None
    return completeness_percentages(row)


def _fine_units(params):
    """The units the figures are gathered by: wards (nationally, with their province, and in a
    province) or hamlets (in a ward). (unit rows, {fine id: row unit id})."""
    if params.level != NATIONAL:
        return None, None
    wards = (
        Ward.objects.using(report_db_alias())
        .filter(_scope_q(params, province="province_id", ward="id"))
        .order_by("code")
        .values_list("id", "code", "name", "province_id", "province__name")
    )
    fine = [
        {"unit_id": i, "code": c, "name": n, "parent": p_name, "parent_id": p}
        for i, c, n, p, p_name in wards
    ]
    return fine, {row["unit_id"]: row["parent_id"] for row in fine}


def _team_counts(params, today):
    """{fine id: {"teams": active teams, "silent_teams": of which silent}}: one query.

    Silent as on the monthly screens (``teams.support.completeness.silent_teams``): founded at
    least ``SILENT_DAYS`` days ago, no record dated in the last ``SILENT_DAYS`` days. Read from
    each team's latest record date (``SupportTeamFact``) rather than from every record."""
    key = "hamlet_id" if params.level == WARD else "ward_id"
    cutoff = today - datetime.timedelta(days=SILENT_DAYS)
    recent = SupportTeamFact.objects.filter(team_id=OuterRef("pk"), last_date__gt=cutoff)
    silent = (Q(founded_on__isnull=True) | Q(founded_on__lte=cutoff)) & ~Q(Exists(recent))
    teams = CommunityTeam.objects.using(report_db_alias()).filter(
        _scope_q(params, province="ward__province_id", ward="ward_id"), status=TeamStatus.ACTIVE
    )
    if params.team_level:
        teams = teams.filter(level=params.team_level)
    rows = (
        teams.order_by()
        .values(key)
        .annotate(teams=Count("id"), silent_teams=Count("id", filter=silent))
    )
    return {row.pop(key): row for row in rows}


def _adults(params):
    """({fine id: adults}, the ward's own figure or None): one query. Nationally and in a
    province the figures of wards; in a ward those of its hamlets and the ward's own."""
    year = params.period.end.year
    rows = AreaIndicator.objects.using(report_db_alias()).filter(
        _scope_q(params, province="ward__province_id", ward="ward_id"),
        kind=IndicatorKind.ADULTS,
        year=year,
        month=0,
    )
    if params.level != WARD:
        rows = rows.filter(hamlet__isnull=True)
    by_unit, own = {}, None
    for ward_id, hamlet_id, value in rows.values_list("ward_id", "hamlet_id", "value"):
        if params.level != WARD:
            by_unit[ward_id] = value
        elif hamlet_id is None:
            own = value
        else:
            by_unit[hamlet_id] = value
    return by_unit, own


def _zero():
    return dict.fromkeys(COUNT_KEYS, 0)


def _add(target, figures):
    for key, value in figures.items():
        target[key] = target.get(key, 0) + value


def _all_or_none(values):
    """The sum of the figures when every one exists; None as soon as one is missing."""
    values = list(values)
    if not values or any(value is None for value in values):
        return None
    return sum(values)


def support_report(*, params: ReportParams) -> Report:
    """Citizens helped per skill and outcome, self-filing rate, portal accounts per 1,000
    adults, per team, completeness, per sub-unit; the months and the lowest units as extras."""
    level = params.level
    today = _today()
    if facts_apply(params):
        figures = support_one_figures(params=params, today=today)
        units, fine, sums, months, teams, adults, completeness = figures
        ward_adults = None
        if level == NATIONAL:
            names = {unit["unit_id"]: unit["name"] for unit in units}
            for unit in fine:
                unit["parent"] = names.get(unit["parent_id"], "")
        else:
            fine = units
        parent_of = {
            unit["unit_id"]: unit.get("parent_id") if level == NATIONAL else unit["unit_id"]
            for unit in fine
        }
        for unit in units:
            unit.pop("parent_id", None)
    else:
        units = _units(params)
        fine, parent_of = _fine_units(params)
        if fine is None:
            fine, parent_of = units, {unit["unit_id"]: unit["unit_id"] for unit in units}
        sums, months = support_sums(params=params)
        teams = _team_counts(params, today)
        adults, ward_adults = _adults(params)
        completeness = ward_completeness(params=params, today=today)

    # Figures of each fine unit (ward or hamlet), then rolled up to the rows.
    fine_rows = {}
    for unit in fine:
        row = _zero()
        _add(row, sums.get(unit["unit_id"], {}))
        _add(row, teams.get(unit["unit_id"], {}))
        if level != WARD:
            _add(row, completeness.get(unit["unit_id"], {}))
        row["adults"] = adults.get(unit["unit_id"])
        fine_rows[unit["unit_id"]] = row

    rows = []
    by_row = {}
    for unit in units:
        row = dict(unit, drill=_drill(params, unit["code"]), **_zero())
        by_row[unit["unit_id"]] = row
        rows.append(row)
    members = {}
    for fine_id, figures in fine_rows.items():
        parent = by_row.get(parent_of.get(fine_id))
        if parent is None:
            continue
        _add(parent, {k: v for k, v in figures.items() if k != "adults"})
        members.setdefault(id(parent), []).append(figures["adults"])
    for row in rows:
        row["adults"] = _all_or_none(members.get(id(row), [None]))

    known = set(fine_rows)
    own = _zero()
    for key, figures in (*sums.items(), *teams.items()):
        if key not in known:
            _add(own, figures)
    if any(own[key] for key in COUNT_KEYS):
        rows.append(
            dict(
                {"unit_id": None, "code": "", "name": str(OWN_LEVEL_LABELS.get(level, ""))},
                drill=None,
                adults=None,
                **own,
            )
        )

    totals = {key: sum(row[key] for row in rows) for key in COUNT_KEYS}
    if level == WARD:
        totals["adults"] = ward_adults
        _add(totals, completeness.get(params.ward_id, {}))
    else:
        totals["adults"] = _all_or_none(row["adults"] for row in rows if row["unit_id"])
    rows = [support_percentages(row) for row in rows]
    totals = support_percentages(totals)
    month_rows = [{"month": month, **figures} for month, figures in sorted(months.items())]
    lowest = _lowest(fine, fine_rows, level)
    return Report(
        params=params,
        rows=rows,
        totals=totals,
        extra={"months": month_rows, "lowest": lowest},
    )


def _lowest(fine, fine_rows, level):
    """The ``LOWEST_COUNT`` units with active teams and the fewest citizens helped per team."""
    candidates = []
    for unit in fine:
        figures = fine_rows[unit["unit_id"]]
        if not figures["teams"]:
            continue
        per_team = round(figures["people"] / figures["teams"], 1)
        candidates.append(
            {
                "name": unit["name"],
                "code": unit["code"],
                "parent": unit.get("parent", ""),
                "teams": figures["teams"],
                "people": figures["people"],
                "people_per_team": per_team,
                "silent_teams": figures["silent_teams"],
            }
        )
    candidates.sort(key=lambda row: (row["people_per_team"], row["people"], row["code"]))
    return candidates[:LOWEST_COUNT]
