"""Scenarios that write: concurrent QR check-ins through gunicorn, certificate PDFs, a bulk
issue and a member import. Each leaves the database as it found it: the check-in's session is
deleted with its rows afterwards (they must be committed for gunicorn to see them); the others
run inside a transaction that ``certificates.benchmarks`` and ``teams.benchmarks`` roll back.
"""

import datetime
import secrets
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.benchmarks import bench_bulk_issue as run_bulk_issue
from certificates.benchmarks import bench_pdf_render
from courses.attendance import tokens
from courses.attendance.models import Attendance, TrainingSession
from teams.benchmarks import bench_member_import as run_member_import
from teams.models import Member

from ..generator import PHONE_PREFIX
from .measure import Result, result_of, thousands
from .server import http_post, session_cookie


def _checkin_people(count):
    """``count`` members with accounts, scale members first."""
    members = Member.objects.filter(user__isnull=False, anonymised_at__isnull=True).select_related(
        "user", "ward"
    )
    chosen = list(members.filter(phone__startswith=PHONE_PREFIX).order_by("pk")[:count])
    if len(chosen) < count:
        seen = {m.pk for m in chosen}
        chosen += [m for m in members.order_by("pk")[: count * 2] if m.pk not in seen][
            : count - len(chosen)
        ]
    return chosen


def bench_checkin(*, port, count=300, threads=50):
    """``count`` members check in to one open session at once through gunicorn. The session
    has no course (so no completion is recorded) and is deleted afterwards with its rows."""
    people = _checkin_people(count)
    if len(people) < count:
        return Result(
            name="qr_checkin_300", note=_("bỏ qua: chỉ có %(n)s tài khoản") % {"n": len(people)}
        )
    now = timezone.now()
    ward = people[0].ward
    session = TrainingSession.objects.create(
        title="Đo hiệu năng: điểm danh đồng thời",
        organiser_province_id=ward.province_id,
        organiser_ward=ward,
        venue="Máy chủ thử",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
        late_after_minutes=60,
    )
    session_keys = []
    try:
        Attendance.objects.bulk_create(
            [Attendance(session=session, member=m, invited=True) for m in people]
        )
        answers, elapsed = _check_in_all(port, session, people, session_keys, threads)
        return _checkin_result(session, answers, elapsed, count=count, threads=threads)
    finally:
        session.delete()
        Session.objects.filter(session_key__in=session_keys).delete()


def _check_in_all(port, session, people, session_keys, threads):
    """Every person posts the check-in form at once, each with their own signed-in session
    (whose key is added to ``session_keys`` for clean-up). Returns the answers
    (status, location, ms) and the seconds it all took."""
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    jobs = []
    for member in people:
        cookies = session_cookie(member.user)
        session_keys.append(cookies[settings.SESSION_COOKIE_NAME])
        cookies[settings.CSRF_COOKIE_NAME] = csrf
        jobs.append(cookies)
    path = reverse("attendance:checkin", args=[tokens.token_make(session)])
    data = {"pass": tokens.pass_make(session), "csrfmiddlewaretoken": csrf}

    def fire(cookies):
        start = time.perf_counter()
        status, location = http_post(port, path, data, cookies=cookies)
        return status, location, (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        answers = list(pool.map(fire, jobs))
    return answers, time.perf_counter() - start


def _checkin_result(session, answers, elapsed, *, count, threads):
    """Pass only if every request was redirected and left exactly one attended row per person."""
    rows = Attendance.objects.filter(session=session)
    attended = rows.filter(status__in=["present", "late"]).count()
    distinct = rows.values("member_id").distinct().count()
    total = rows.count()
    redirected = sum(1 for status, _l, _ms in answers if status == 302)
    timings = [ms for _s, _l, ms in answers]
    ok = attended == count and total == count and distinct == count and redirected == count
    result = result_of("qr_checkin_300", timings, None)
    result.target = _("%(n)s/%(n)s hàng, không trùng, không mất") % {"n": count}
    result.passed = ok
    result.extra = {
        "requests": count,
        "threads": threads,
        "seconds": round(elapsed, 2),
        "throughput_rps": round(count / elapsed, 1),
        "http_302": redirected,
        "attendance_rows": total,
        "attended_rows": attended,
        "distinct_members": distinct,
    }
    result.note = _(
        "%(rps).0f yêu cầu/giây; %(attended)s có mặt, %(total)s hàng, %(distinct)s người khác nhau"
    ) % {"rps": count / elapsed, "attended": attended, "total": total, "distinct": distinct}
    return result


def bench_certificate_pdf(*, repeat):
    """``certificates.benchmarks.bench_pdf_render``: the real certificate layout (A4, QR,
    Vietnamese text) rendered ``5 × repeat`` times; it also reports CPU time, which is what a
    render costs when other work competes for the cores."""
    with CaptureQueriesContext(connection) as captured:
        outcome = bench_pdf_render(n=5 * repeat)
    result = Result(
        name="certificate_pdf",
        median_ms=outcome["median_ms"],
        p95_ms=outcome["p95_ms"],
        queries=len(captured.captured_queries),
        target="< 50 ms",
        passed=outcome["median_ms"] < 50,
        extra=outcome,
    )
    result.note = _("%(n)s lần; CPU trung vị %(cpu)s ms") % {
        "n": outcome["n"],
        "cpu": outcome.get("median_cpu_ms"),
    }
    return result


def bench_bulk_issue(*, count=10000):
    """``certificates.benchmarks.bench_bulk_issue``: the real bulk issue for ``count``
    completions of a throwaway course, rolled back (no number is used up)."""
    outcome = run_bulk_issue(n=count)
    seconds = outcome["seconds"]
    result = Result(
        name="certificate_bulk_issue",
        median_ms=round(seconds * 1000, 1),
        p95_ms=round(seconds * 1000, 1),
        queries=outcome["queries"],
        target=_("%(n)s giấy < 30 s") % {"n": thousands(count)},
        extra=outcome,
    )
    result.passed = outcome["issued"] == count and seconds < 30
    if count < 10000:
        result.passed = None  # a smaller run says nothing about the 10,000 target
    result.note = _("%(n)s giấy, %(s).1f s (đã hoàn tác)") % {
        "n": thousands(outcome["issued"]),
        "s": seconds,
    }
    return result


def bench_member_import(*, rows=50000):
    with CaptureQueriesContext(connection) as captured:
        outcome = run_member_import(rows=rows)
    seconds = outcome.get("seconds")
    result = Result(name="member_import", target=_("%(n)s dòng < 60 s") % {"n": thousands(rows)})
    if seconds is None:
        result.passed = False
        result.note = _("không chạy được")
        return result
    result.median_ms = result.p95_ms = round(seconds * 1000, 1)
    result.queries = len(captured.captured_queries)
    result.passed = seconds < 60 if rows >= 50000 else None
    result.extra = outcome
    result.note = _("%(n)s người mới (đã hoàn tác)") % {"n": thousands(outcome.get("created", 0))}
    return result
