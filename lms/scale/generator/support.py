"""The support log at scale: records, area indicators and the wards' monthly reports.

- **records**: each team records about ``SUPPORT_PER_TEAM_YEAR`` helps a year from the later of
  its founding and ``FIRST_DAY`` to ``LAST_DAY`` (teams differ: quiet, usual, busy, very busy;
  a few stop recording three months before the end, so "silent" teams exist). What a record
  says is drawn from ``SUPPORT_SHAPES``: mostly one citizen at home or at the service centre,
  some community classes of 8-40 people, some day tallies. No helpers and no recorder (the
  reports do not read them).
- **indicators**: adults (15+) and households for every ward and about 97 % of hamlets, for
  2025 and 2026 (month 0), from ``HAMLET_ADULTS`` and ``PEOPLE_PER_HOUSEHOLD``; a ward's figure
  is its hamlets' plus up to 8 % living outside any hamlet (an official figure, not a sum).
- **ward months**: for every ended month with teams, 90 % submitted (85 % of those by the
  deadline, the 5th), 85 % of the submitted approved (40 % for the last month).

Written as tab-separated text through PostgreSQL's COPY, each row composed from pre-formatted
pieces with two random draws per record: about 3.8 million records nationally cost seconds of
Python, not minutes (``writer.copy_rows`` prepares every field of every row through Django,
fine for thousands of rows, too slow for millions). Elsewhere (SQLite, the tests) the same rows
go through ``bulk_create``.
"""

import datetime
from collections import defaultdict

from django.db import connection

from teams.models import Hamlet
from teams.support.choices import OUTCOMES, SKILLS, IndicatorKind, IndicatorSource, MonthStatus
from teams.support.models import AreaIndicator, SupportRecord, WardMonth

from .presets import FIRST_DAY, LAST_DAY, TZ, weighted

SUPPORT_PER_TEAM_YEAR = 40
# (records a year, weight): the mean is about 40.
TEAM_ACTIVITY = [(8, 10), (30, 45), (50, 35), (70, 10)]
STOPPED_SHARE = 0.05
HAMLET_ADULTS = (250, 2200)
PEOPLE_PER_HOUSEHOLD = (2.6, 3.6)
HAMLET_FIGURE_SHARE = 0.97
SUBMITTED_SHARE, ON_TIME_SHARE, APPROVED_SHARE, LAST_MONTH_APPROVED = 0.9, 0.85, 0.85, 0.4
DEADLINE_DAY = 5
SHAPE_COUNT = 600

SKILL_KEYS = [name for name, _label in SKILLS]
OUTCOME_KEYS = [name for name, _label in OUTCOMES]
# Columns every shape fills, after the per-record ones (team, ward, hamlet, dates).
SHAPE_COLUMNS = [
    "place",
    "people",
    "is_tally",
    "citizen_gender",
    "citizen_birth_year",
    "note",
    *SKILL_KEYS,
    *OUTCOME_KEYS,
]
RECORD_COLUMNS = ["team_id", "ward_id", "hamlet_id", "date", "month", "created_at", "updated_at"]


def _shape(rng):
    """One kind of record: {column: value}."""
    kind = weighted(
        rng, [("home", 50), ("centre", 25), ("remote", 10), ("class", 10), ("tally", 5)]
    )
    if kind == "class":
        place, people, tally = "class", rng.randint(8, 40), False
    elif kind == "tally":
        place, people, tally = rng.choice(["home", "service_centre"]), rng.randint(4, 15), True
    else:
        place = {"home": "home", "centre": "service_centre", "remote": "remote"}[kind]
        people, tally = 1, False
    skills = dict.fromkeys(SKILL_KEYS, False)
    for key in rng.sample(SKILL_KEYS, rng.choice([1, 1, 1, 2, 2, 3])):
        skills[key] = True
    outcomes = dict.fromkeys(OUTCOME_KEYS, 0)

    def some(share):
        return sum(1 for _n in range(people) if rng.random() < share)

    if skills["skill_vneid"]:
        outcomes["vneid_installed"] = some(0.5)
        outcomes["vneid_level2"] = some(0.4)
    if skills["skill_public_services"]:
        outcomes["portal_account"] = some(0.35)
        dossiers = some(0.6)
        outcomes["dossier_self"] = sum(1 for _n in range(dossiers) if rng.random() < 0.45)
        outcomes["dossier_proxy"] = dossiers - outcomes["dossier_self"]
    if skills["skill_cashless"]:
        outcomes["cashless_setup"] = some(0.6)
    if skills["skill_online_safety"]:
        outcomes["fraud_warning"] = some(0.9)
    if place == "class":
        outcomes["bhvs_enrolled"] = some(0.3)
    single = people == 1 and rng.random() < 0.6
    return {
        "place": place,
        "people": people,
        "is_tally": tally,
        "citizen_gender": rng.choice(["male", "female"]) if single else "",
        "citizen_birth_year": rng.randint(1940, 2008) if single else None,
        "note": "",
        **skills,
        **outcomes,
    }


def _text(value):
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value)


class SupportShapes:
    """The record shapes of one load, drawn once from the run's random stream, with each one's
    COPY text ready."""

    def __init__(self, rng):
        self.shapes = [_shape(rng) for _n in range(SHAPE_COUNT)]
        self.texts = ["\t".join(_text(s[c]) for c in SHAPE_COLUMNS) for s in self.shapes]
        self.days = {}

    def day(self, day):
        """(date text, month text, created-at text, month) of one day."""
        cached = self.days.get(day)
        if cached is None:
            month = day.replace(day=1)
            created = datetime.datetime(day.year, day.month, day.day, 19, 0, tzinfo=TZ)
            cached = (day.isoformat(), month.isoformat(), created.isoformat(), month)
            self.days[day] = cached
        return cached


def add_support(run, wards, teams):
    """Records of every team, indicators of every ward and hamlet, and the wards' months."""
    rng = run.rng
    if not hasattr(run, "support_shapes"):
        run.support_shapes = SupportShapes(rng)
    shapes = run.support_shapes
    activity = defaultdict(lambda: [set(), 0])  # (ward, month) -> [teams, records]
    lines, objects = [], []
    postgres = connection.vendor == "postgresql"
    last = len(shapes.shapes)
    for team in teams:
        start = max(team.founded_on or FIRST_DAY, FIRST_DAY)
        end = LAST_DAY
        if rng.random() < STOPPED_SHARE:
            end = LAST_DAY - datetime.timedelta(days=rng.randint(70, 120))
        days = (end - start).days + 1
        if days <= 0:
            continue
        count = round(days * weighted(rng, TEAM_ACTIVITY) / 365)
        hamlet = "\\N" if team.hamlet_id is None else str(team.hamlet_id)
        prefix = f"{team.pk}\t{team.ward_id}\t{hamlet}\t"
        for _n in range(count):
            day = start + datetime.timedelta(days=rng.randrange(days))
            shape = rng.randrange(last)
            date_text, month_text, created, month = shapes.day(day)
            cell = activity[(team.ward_id, month)]
            cell[0].add(team.pk)
            cell[1] += 1
            if postgres:
                lines.append(
                    f"{prefix}{date_text}\t{month_text}\t{created}\t{created}\t"
                    f"{shapes.texts[shape]}\n"
                )
            else:
                objects.append(
                    SupportRecord(
                        team_id=team.pk,
                        ward_id=team.ward_id,
                        hamlet_id=team.hamlet_id,
                        date=day,
                        month=month,
                        **shapes.shapes[shape],
                    )
                )
    _write(run, SupportRecord, RECORD_COLUMNS + SHAPE_COLUMNS, lines, objects)
    _add_indicators(run, wards)
    _add_ward_months(run, wards, teams, activity)


def _write(run, model, columns, lines, objects):
    """COPY the text lines (PostgreSQL) or bulk-create the objects (elsewhere)."""
    if lines:
        quote = connection.ops.quote_name
        statement = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            "FROM STDIN"
        )
        started = datetime.datetime.now()
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for chunk in range(0, len(lines), 20000):
                copy.write("".join(lines[chunk : chunk + 20000]))
        seconds = (datetime.datetime.now() - started).total_seconds()
        run.stats.counts[model._meta.label] += len(lines)
        run.stats.write_seconds[model._meta.label] += seconds
    for obj in objects:
        run.writer.add(obj)


def _add_indicators(run, wards):
    rng = run.rng
    now = datetime.datetime.now(tz=TZ).isoformat()
    hamlets = defaultdict(list)
    for hamlet_id, ward_id in (
        Hamlet.objects.filter(ward__in=wards, is_active=True)
        .order_by("ward_id", "id")
        .values_list("id", "ward_id")
    ):
        hamlets[ward_id].append(hamlet_id)
    columns = ["ward_id", "hamlet_id", "year", "month", "kind", "value", "source", "note"]
    columns.append("updated_at")
    rows = []
    for ward in wards:
        ward_adults = 0
        for hamlet_id in hamlets[ward.pk]:
            adults = rng.randint(*HAMLET_ADULTS)
            ward_adults += adults
            if rng.random() < HAMLET_FIGURE_SHARE:
                rows += _indicator_rows(rng, ward.pk, hamlet_id, adults, IndicatorSource.ENTERED)
        ward_adults = round(ward_adults * rng.uniform(1.0, 1.08)) or rng.randint(*HAMLET_ADULTS)
        rows += _indicator_rows(rng, ward.pk, None, ward_adults, IndicatorSource.OFFICIAL)
    if connection.vendor == "postgresql":
        lines = ["\t".join(_text(v) for v in row) + f"\t\t{now}\n" for row in rows]
        _write(run, AreaIndicator, columns, lines, [])
    else:
        fields = columns[:7]
        _write(
            run,
            AreaIndicator,
            columns,
            [],
            [AreaIndicator(**dict(zip(fields, row, strict=True))) for row in rows],
        )


def _indicator_rows(rng, ward_id, hamlet_id, adults_2026, source):
    households = round(adults_2026 / rng.uniform(*PEOPLE_PER_HOUSEHOLD) * 1.3)
    rows = []
    for year, factor in ((2025, 0.99), (2026, 1.0)):
        rows.append(
            (
                ward_id,
                hamlet_id,
                year,
                0,
                IndicatorKind.ADULTS.value,
                round(adults_2026 * factor),
                source.value,
            )
        )
        rows.append(
            (
                ward_id,
                hamlet_id,
                year,
                0,
                IndicatorKind.HOUSEHOLDS.value,
                round(households * factor),
                source.value,
            )
        )
    return rows


def _months():
    month, last = FIRST_DAY.replace(day=1), LAST_DAY.replace(day=1)
    months = []
    while month < last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _add_ward_months(run, wards, teams, activity):
    rng = run.rng
    months = _months()
    by_ward = defaultdict(list)
    for team in teams:
        by_ward[team.ward_id].append(team)
    for ward in wards:
        for month in months:
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            month_end = following - datetime.timedelta(days=1)
            expected = sum(1 for t in by_ward[ward.pk] if (t.founded_on or month) <= month_end)
            if not expected or rng.random() >= SUBMITTED_SHARE:
                continue
            day = (
                rng.randint(1, DEADLINE_DAY) if rng.random() < ON_TIME_SHARE else rng.randint(6, 25)
            )
            submitted = datetime.datetime(following.year, following.month, day, 16, tzinfo=TZ)
            approved_share = LAST_MONTH_APPROVED if month == months[-1] else APPROVED_SHARE
            approved = rng.random() < approved_share
            reporting, records = activity.get((ward.pk, month), (set(), 0))
            run.writer.add(
                WardMonth(
                    ward_id=ward.pk,
                    month=month,
                    status=MonthStatus.APPROVED if approved else MonthStatus.SUBMITTED,
                    teams_expected=expected,
                    teams_reporting=min(len(reporting), expected),
                    records=records,
                    submitted_at=submitted,
                    approved_at=submitted + datetime.timedelta(days=rng.randint(1, 10))
                    if approved
                    else None,
                )
            )
