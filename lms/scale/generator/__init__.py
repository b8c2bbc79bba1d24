"""Deterministic synthetic data at national scale, on top of the real administrative units.

``generate(preset="small", seed=1)`` fills hamlets, teams, members, training sessions with
rosters and attendance, enrolments, lesson progress, course completions and certificates with
the shapes of the real programme (20-40 hamlets per ward, 0-1 team per hamlet, 3-9 members per
team, about six attendance rows and 1.4 certificates per member). The national preset writes about
six million rows, so everything goes through ``bulk_create`` in batches with foreign keys kept
in memory: the number of queries grows with the number of batches, never with the number of rows.

Determinism: one ``random.Random(seed)`` drives every choice, in a fixed order (provinces and
wards by code), so the same preset and seed give the same names and counts on any database.
Primary keys and certificate verification codes differ between runs; nothing relies on them.

Re-running: scale people are recognised by the reserved phone range ``0100xxxxxx``, the test
range of ``lms.core.validators`` (no real subscriber has it; production refuses it). If any exists, ``generate`` refuses with :class:`ScaleDataExists`;
load scale data into a fresh database instead of mixing two generations.

The steps live beside this entry, one module per area: ``units`` (hamlets, teams), ``people``
(members, accounts, memberships), ``catalogue`` (the course pages), ``training`` (sessions,
attendance), ``learning`` (enrolments, progress, completions), ``certificates`` and ``support``
(the support log, area indicators and ward months); ``writer`` batches the rows and
``presets`` holds the programme's proportions.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lms.reports.activity import member_activity_refresh
from lms.reports.facts import report_facts_rebuild
from lms.reports.support_facts import support_facts_rebuild
from teams.models import Member, Province

from .catalogue import ensure_courses
from .certificates import advance_counters, next_sequences
from .learning import add_learning
from .people import People, add_members, add_trainer
from .presets import (
    CERTIFICATE_KEY,
    PHONE_PREFIX,
    PRESETS,
    SCALE_PASSWORD,
    TZ,
    Preset,
    ScaleDataExists,
    Stats,
)
from .support import add_support
from .training import add_attendance, add_sessions
from .units import add_hamlets_and_teams, wards_for
from .writer import Writer

__all__ = [
    "CERTIFICATE_KEY",
    "PHONE_PREFIX",
    "PRESETS",
    "SCALE_PASSWORD",
    "Preset",
    "ScaleDataExists",
    "Stats",
    "generate",
    "scale_data_exists",
]


@dataclass
class Run:
    """What every step of one load shares. One random stream drives every choice, so the order
    in which the steps draw from it is what makes a seed reproducible."""

    rng: random.Random
    stats: Stats
    writer: Writer
    people: People
    password: str
    template: object
    courses: list
    next_sequence: dict
    now: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(tz=TZ))


def scale_data_exists():
    return Member.objects.filter(phone__startswith=PHONE_PREFIX).exists()


def generate(*, preset="small", seed=1, province_code=None, stdout=None) -> Stats:
    """Load scale data and return what was written. Runs in one transaction."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}")
    if not Province.objects.exists():
        raise LookupError("administrative units not loaded")
    if scale_data_exists():
        raise ScaleDataExists(PHONE_PREFIX)
    started = time.perf_counter()
    stats = Stats()
    last_member = Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with translation.override("vi"), transaction.atomic():
        _generate(PRESETS[preset], random.Random(seed), stats, province_code, stdout)
        # Bulk inserts bypass the services, so the reports' member activity (the coverage
        # rows) is computed once for everyone just loaded.
        activity_started = time.perf_counter()
        member_activity_refresh(
            member_ids=Member.objects.filter(pk__gt=last_member).values_list("pk", flat=True)
        )
        activity_seconds = time.perf_counter() - activity_started
        # The same for the support report's sums per ward and month.
        facts_started = time.perf_counter()
        support_facts_rebuild()
        support_seconds = stats.write_seconds.get("support (total)", 0)
        _log(
            stdout,
            _(
                "Nhật ký hỗ trợ, chỉ tiêu địa bàn, báo cáo tháng: %(seconds).1f giây "
                "(tổng hợp cho báo cáo: %(facts).1f giây)"
            )
            % {"seconds": support_seconds, "facts": time.perf_counter() - facts_started},
        )
        _log(
            stdout,
            _("Số liệu bao phủ cho báo cáo: %(seconds).1f giây") % {"seconds": activity_seconds},
        )
        # And the staffing, per-course and per-session rows built on them.
        facts = report_facts_rebuild()
        _log(
            stdout,
            _("Số liệu nhân lực, khóa học, buổi tập huấn cho báo cáo: %(seconds).1f giây")
            % {"seconds": facts["seconds"]},
        )
    _analyze()
    stats.seconds = time.perf_counter() - started
    return stats


def _analyze():
    """Refresh the planner's statistics after the bulk load. Without them PostgreSQL plans the
    report queries as if the tables were empty (autovacuum gets there minutes later), and a
    benchmark run right after loading measures bad plans instead of the code."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _generate(preset, rng, stats, province_code, stdout):
    template, courses = ensure_courses(stats)
    run = Run(
        rng=rng,
        stats=stats,
        writer=Writer(stats),
        people=People(rng),
        password=make_password(SCALE_PASSWORD),
        template=template,
        courses=courses,
        next_sequence=next_sequences(CERTIFICATE_KEY),
    )
    for province, wards in wards_for(preset, province_code):
        tick = time.perf_counter()
        members = _province(run, province, wards)
        _log(
            stdout,
            _("%(province)s: %(wards)s xã, phường, %(members)s thành viên (%(seconds).1f giây)")
            % {
                "province": province.name,
                "wards": len(wards),
                "members": len(members),
                "seconds": time.perf_counter() - tick,
            },
        )
    run.writer.flush()
    advance_counters(CERTIFICATE_KEY, run.next_sequence)


def _province(run, province, wards):
    """Every row of one province, in the order the random stream has always been drawn in.
    Returns the members created."""
    trainer = add_trainer(run, province)
    teams = add_hamlets_and_teams(run, province, wards)
    members, ward_members = add_members(run, province, teams)
    sessions, session_wards = add_sessions(run, province, wards, ward_members, trainer)
    attended = add_attendance(run, sessions, session_wards, ward_members)
    add_learning(run, wards, ward_members, attended)
    tick = time.perf_counter()
    add_support(run, wards, teams)
    run.stats.write_seconds["support (total)"] += time.perf_counter() - tick
    return members
