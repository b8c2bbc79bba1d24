"""Keeps ``StaffingFact`` equal to what the coverage rows, memberships and members say.

A staffing row is a coverage row (``CoverageFact``: where the membership counts, the
``first_in_*`` flags, the certificate span) with the membership's role and the person's
attributes beside it, so it is computed by one ``INSERT ... SELECT`` from those tables, for a
set of people (right after their coverage rows, in the same transaction: the receiver is
connected after the coverage one in ``ReportsConfig.ready``) or for everyone
(:func:`staffing_facts_rebuild`, after a bulk load). Portable between SQLite and PostgreSQL.
"""

import functools

from django.db import connections

from teams.choices import TeamRole
from teams.models import Member, Membership

from .models import CoverageFact, StaffingFact

CHUNK = 2000

# Bit of each role in ``roles_in_province`` / ``roles_in_ward``.
ROLE_BITS = {value: 1 << index for index, value in enumerate(TeamRole.values)}

COLUMNS = [
    "membership_id",
    "member_id",
    "province_id",
    "ward_id",
    "hamlet_id",
    "team_level",
    "first_in_province",
    "first_in_ward",
    "role",
    "roles_in_province",
    "roles_in_ward",
    "affiliation",
    "gender",
    "date_of_birth",
    "it_qualification",
    "it_major",
    "certified_from",
    "certified_until",
    "certified_gapless",
]


@functools.cache
def _insert_sql(where, windowed=False):
    fact = CoverageFact._meta.db_table
    membership = Membership._meta.db_table
    member = Member._meta.db_table
    bit = " ".join(f"WHEN '{role}' THEN {b}" for role, b in ROLE_BITS.items())

    def roles(unit):
        if windowed:  # PostgreSQL, everyone at once: one sort instead of a probe per row
            return f"""CASE WHEN f.first_in_{unit} THEN BIT_OR(CASE ms.role {bit} ELSE 0 END)
            OVER (PARTITION BY f.member_id, f.{unit}_id) ELSE 0 END"""
        # SUM of DISTINCT powers of two is their bitwise OR, on SQLite and PostgreSQL alike.
        return f"""CASE WHEN f.first_in_{unit} THEN (
            SELECT SUM(DISTINCT CASE ms2.role {bit} ELSE 0 END)
            FROM {fact} f2 JOIN {membership} ms2 ON ms2.id = f2.membership_id
            WHERE f2.member_id = f.member_id AND f2.{unit}_id = f.{unit}_id) ELSE 0 END"""

    return f"""
INSERT INTO {StaffingFact._meta.db_table} ({", ".join(COLUMNS)})
SELECT f.membership_id, f.member_id, f.province_id, f.ward_id, f.hamlet_id, f.team_level,
       f.first_in_province, f.first_in_ward, ms.role, {roles("province")}, {roles("ward")},
       m.affiliation, m.gender, m.date_of_birth, m.it_qualification, m.it_major,
       f.certified_from, f.certified_until, f.certified_gapless
FROM {fact} f
JOIN {membership} ms ON ms.id = f.membership_id
JOIN {member} m ON m.id = f.member_id
{where}"""


def staffing_facts_refresh(*, member_ids, using="default") -> None:
    """Recompute the staffing rows of ``member_ids`` from their coverage rows (two statements
    per 2,000 people). Call it after ``member_activity_refresh`` for the same people."""
    ids = sorted({int(pk) for pk in member_ids if pk is not None})
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            StaffingFact.objects.using(using).filter(member_id__in=chunk).delete()
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(_insert_sql(f"WHERE f.member_id IN ({placeholders})"), chunk)


def staffing_facts_rebuild(*, using="default") -> int:
    """Recompute every staffing row from the coverage rows: one statement. Returns the number
    of rows."""
    StaffingFact.objects.using(using).all().delete()
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql("", windowed=connection.vendor == "postgresql"))
    return StaffingFact.objects.using(using).count()
