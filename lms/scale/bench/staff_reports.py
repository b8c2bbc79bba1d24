"""The staff report scenarios (issue 18.2): the staffing and activity reports and the coverage
report with a course filter, each against its one-statement floor, and the admin report
screens as a national superuser sees them.

Reports: the selector (what the screen, the XLSX and the JSON call) timed alternately with its
own single statement run by the database alone (``staffing_sql``, ``activity_sql``,
``coverage_course_sql``): < 300 ms nationally (< 500 ms for a course filter), ≤ 1.5× the floor.
A province and a topic filter are measured the same way and carried in the note and ``extra``.

Screens: the admin coverage, staffing and activity screens through Django's test client, each
≤ ``MAX_QUERIES`` queries and answering 200, timed alternately with the coverage selector
alone (the floor the issue measured them against). The result carries the slowest screen; all
three are in ``extra``. Everything runs inside a transaction that is rolled back (the test
client's session, a superuser made when the data set has none).
"""

import statistics

from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Topic
from lms.accounts.models import User
from lms.accounts.scoping import Scope
from lms.reports.activity_sql import activity_statement
from lms.reports.selectors import (
    _period_bounds,
    activity_report,
    attendance_report,
    coverage_report,
    report_params,
    staffing_report,
)
from lms.reports.selectors.attendance import attendance_statements
from lms.reports.selectors.coverage import coverage_facts_statement
from lms.reports.staffing_sql import staffing_statement

from .measure import LOGIN_BACKEND, Result, measure_pair, result_of
from .reports import against_floor

STAFF_REPORT_SCENARIOS = [
    "admin_report_screen_national",
    "staffing_national",
    "activity_national",
    "attendance_national",
    "coverage_national_course",
]
SCREENS = ["coverage", "staffing", "activity", "attendance"]
MAX_QUERIES = 20
SCREEN_RATIO = 1.5
EVERYTHING = Scope(everything=True)


def _params(province_id=None, **kwargs):
    return report_params(scope=EVERYTHING, province_id=province_id, **kwargs)


def bench_staffing(name, params, *, repeat, target_ms):
    return against_floor(
        name,
        lambda: staffing_report(params=params),
        *staffing_statement(params=params),
        repeat=repeat,
        target_ms=target_ms,
    )


def bench_activity(name, params, *, repeat, target_ms):
    sql, args = activity_statement(
        params=params, period_bounds=_period_bounds(params.period), now=timezone.now()
    )
    return against_floor(
        name, lambda: activity_report(params=params), sql, args, repeat=repeat, target_ms=target_ms
    )


def bench_attendance(name, params, *, repeat, target_ms):
    """The attendance report runs two statements (the rows, the most recent sessions): its
    floor is both run by the database alone."""
    return against_floor(
        name,
        lambda: attendance_report(params=params),
        attendance_statements(params),
        None,
        repeat=repeat,
        target_ms=target_ms,
    )


def bench_coverage_filtered(name, params, *, repeat, target_ms):
    sql, args = coverage_facts_statement(params)
    return against_floor(
        name, lambda: coverage_report(params=params), sql, args, repeat=repeat, target_ms=target_ms
    )


def _with_province(result, province):
    """Carry the province variant in ``extra`` and the note; it must pass too."""
    if province is None:
        return result
    result.extra[province.name] = province.as_dict()
    result.note = " · ".join(
        filter(
            None,
            [
                result.note,
                _("tỉnh: %(ms)s ms, %(ratio)s× nền")
                % {"ms": province.median_ms, "ratio": province.ratio},
            ],
        )
    )
    result.passed = bool(result.passed and province.passed)
    return result


def _superuser():
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create(
            username="bench-staff-reports", phone="0999000019", is_superuser=True, is_staff=True
        )
    return user


def bench_screens(*, repeat):
    """The three admin report screens, national, as a superuser (rolled back)."""
    floor_params = _params()
    with transaction.atomic():
        client = Client()
        client.force_login(_superuser(), backend=LOGIN_BACKEND)
        screens = {}
        for kind in SCREENS:
            url = reverse(f"reports_admin:{kind}")
            statuses = set()

            def get(url=url, statuses=statuses):
                statuses.add(client.get(url).status_code)

            timings, queries, floor_timings = measure_pair(
                get,
                lambda: coverage_report(params=floor_params),
                repeat=repeat,
                using=DEFAULT_DB_ALIAS,
            )
            floor_ms = statistics.median(floor_timings)
            screen = result_of(f"admin_report_screen_{kind}", timings, queries)
            screen.floor_ms = round(floor_ms, 1)
            screen.ratio = round(screen.median_ms / floor_ms, 2) if floor_ms else None
            screen.passed = statuses == {200} and queries <= MAX_QUERIES
            if statuses != {200}:
                screen.note = f"HTTP {sorted(statuses)}"
            screens[kind] = screen
        transaction.set_rollback(True)
    slowest = max(screens.values(), key=lambda r: r.median_ms)
    result = Result(
        name="admin_report_screen_national",
        median_ms=slowest.median_ms,
        p95_ms=slowest.p95_ms,
        queries=max(r.queries for r in screens.values()),
        floor_ms=slowest.floor_ms,
        ratio=slowest.ratio,
        target=_("≤ %(n)s truy vấn mỗi màn hình") % {"n": MAX_QUERIES},
        passed=all(r.passed for r in screens.values()),
        note=" · ".join(
            f"{kind}: {r.median_ms} ms, {r.queries} q, {r.ratio}×" for kind, r in screens.items()
        ),
        extra={kind: r.as_dict() for kind, r in screens.items()},
    )
    return result


def _course_and_topic():
    course = CoursePage.objects.order_by("pk").values_list("pk", flat=True).first()
    topic = (
        Topic.objects.filter(courses__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
        or Topic.objects.order_by("pk").values_list("pk", flat=True).first()
    )
    return course, topic


def staff_report_scenarios(names, *, repeat, province_id):
    """The results of the staff report scenarios named in ``names``, by name."""
    results = {}
    if "admin_report_screen_national" in names:
        results["admin_report_screen_national"] = bench_screens(repeat=repeat)
    if "staffing_national" in names:
        result = bench_staffing("staffing_national", _params(), repeat=repeat, target_ms=300)
        province = (
            bench_staffing("staffing_province", _params(province_id), repeat=repeat, target_ms=150)
            if province_id
            else None
        )
        results["staffing_national"] = _with_province(result, province)
    if "activity_national" in names:
        result = bench_activity("activity_national", _params(), repeat=repeat, target_ms=300)
        province = (
            bench_activity("activity_province", _params(province_id), repeat=repeat, target_ms=150)
            if province_id
            else None
        )
        results["activity_national"] = _with_province(result, province)
    if "attendance_national" in names:
        result = bench_attendance("attendance_national", _params(), repeat=repeat, target_ms=300)
        province = (
            bench_attendance(
                "attendance_province", _params(province_id), repeat=repeat, target_ms=150
            )
            if province_id
            else None
        )
        results["attendance_national"] = _with_province(result, province)
    if "coverage_national_course" in names:
        course_id, topic_id = _course_and_topic()
        if course_id is None:
            results["coverage_national_course"] = Result(
                name="coverage_national_course", note=_("bỏ qua: chưa có khóa học")
            )
        else:
            result = bench_coverage_filtered(
                "coverage_national_course",
                _params(course_id=course_id),
                repeat=repeat,
                target_ms=500,
            )
            if topic_id is not None:
                topic = bench_coverage_filtered(
                    "coverage_national_topic",
                    _params(topic_id=topic_id),
                    repeat=repeat,
                    target_ms=500,
                )
                result.extra["topic"] = topic.as_dict()
                result.note = _("chủ đề: %(ms)s ms, %(ratio)s× nền") % {
                    "ms": topic.median_ms,
                    "ratio": topic.ratio,
                }
                result.passed = bool(result.passed and topic.passed)
            results["coverage_national_course"] = result
    return results
