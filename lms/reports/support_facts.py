"""Keeping ``SupportFact`` and ``SupportTeamFact`` (``models``) equal to the support log.

Each record write recomputes the one ward-month and the one team it touched (and those it left,
when a correction moved its date), from the records themselves, inside the writer's
transaction: the facts are never adjusted by increments, so they cannot drift. The records are
saved only by ``teams.support.services`` (entry, tally, import, correction; nothing is
deleted), which send ``lms.core.signals.support_records_changed`` with what they touched; the
receiver is connected in ``ReportsConfig.ready()``, so ``teams`` never imports the reports.
A bulk load (``seed_scale``) bypasses the signals and calls :func:`support_facts_rebuild`.
"""

from django.db import connection, connections

from lms.core.signals import support_records_changed
from teams.support.models import SupportRecord

from .models import SupportFact, SupportTeamFact
from .support_sql import OUTCOME_KEYS, SKILL_KEYS, sums_sql

FACT_COLUMNS = ["ward_id", "month", "teams", "records", "people", *SKILL_KEYS, *OUTCOME_KEYS]


def _statements(where):
    fact = SupportFact._meta.db_table
    team_fact = SupportTeamFact._meta.db_table
    record = SupportRecord._meta.db_table
    return (
        f"INSERT INTO {fact} ({', '.join(FACT_COLUMNS)}) "
        f"SELECT r.ward_id, r.month, COUNT(DISTINCT r.team_id), {sums_sql()} FROM {record} r "
        f"{where['fact']} GROUP BY r.ward_id, r.month",
        f"INSERT INTO {team_fact} (team_id, last_date) SELECT r.team_id, MAX(r.date) "
        f"FROM {record} r {where['team']} GROUP BY r.team_id",
    )


def support_facts_rebuild(*, using="default"):
    """Recompute every fact from the records: two statements (seconds nationally)."""
    fact_sql, team_sql = _statements({"fact": "", "team": ""})
    SupportFact.objects.using(using).all().delete()
    SupportTeamFact.objects.using(using).all().delete()
    with connections[using].cursor() as cursor:
        cursor.execute(fact_sql)
        cursor.execute(team_sql)


def support_facts_refresh(*, ward_months, team_ids):
    """Recompute the facts of the given (ward id, month) pairs and teams."""
    fact_sql, team_sql = _statements(
        {"fact": "WHERE r.ward_id = %s AND r.month = %s", "team": "WHERE r.team_id = %s"}
    )
    ops = connection.ops
    with connection.cursor() as cursor:
        for ward_id, month in set(ward_months):
            SupportFact.objects.filter(ward_id=ward_id, month=month).delete()
            cursor.execute(fact_sql, [ward_id, ops.adapt_datefield_value(month)])
        for team_id in set(team_ids):
            SupportTeamFact.objects.filter(team_id=team_id).delete()
            cursor.execute(team_sql, [team_id])


def support_facts_receiver(sender, ward_months, team_ids, **kwargs):
    support_facts_refresh(ward_months=ward_months, team_ids=team_ids)


def connect():
    support_records_changed.connect(support_facts_receiver, dispatch_uid="reports.support_facts")
