"""Keeps ``CoverageFact`` equal to what the source tables say.

The rows are derived data, so there is one way to write them: recompute every row of a set of
people from their active memberships, attendance, course completions and certificates. The
services call :func:`member_activity_refresh` inside their own transaction right after they
change one of those for some people (a check-in, a roll call, a completion, an issued or revoked
certificate, a session moved to another month, joining or leaving a team, a team dissolved or
moved), so a rolled-back write leaves no trace here either. :func:`member_activity_rebuild`
does the same for everyone, in chunks: after a bulk load (``seed_scale``) or a repair by hand
(``manage.py rebuild_member_activity``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from courses.attendance.models import Attendance
from courses.models import CourseCompletion
from teams.choices import TeamStatus
from teams.models import Member, Membership

from . import sources
from .models import ACTIVITY_EPOCH_YEAR, ACTIVITY_MONTHS, CoverageFact

CHUNK = 2000
ONE_DAY = datetime.timedelta(days=1)


def month_index(year, month):
    """The bit of ``CoverageFact.trained_months`` standing for a month, or None outside the
    window."""
    index = (year - ACTIVITY_EPOCH_YEAR) * 12 + month - 1
    return index if 0 <= index < ACTIVITY_MONTHS else None


def certification_span(periods):
    """(valid_from, valid_until, gapless) of a person's valid certificates, given as
    (issued_on, expires_on or None) pairs; None when there are none."""
    if not periods:
        return None
    periods = sorted(periods, key=lambda p: p[0])
    start, until = periods[0]
    gapless = True
    for issued_on, expires_on in periods[1:]:
        if until is not None and issued_on > until + ONE_DAY:
            gapless = False
        if until is not None:
            until = None if expires_on is None else max(until, expires_on)
    return start, until, gapless


def _trained_months(member_ids):
    months = defaultdict(int)

    def mark(member_id, year, month):
        index = month_index(year, month)
        if index is not None:
            months[member_id] |= 1 << index

    attended = (
        Attendance.objects.filter(member_id__in=member_ids, status__in=sources.ATTENDED_STATUSES)
        .order_by()
        .values_list("member_id", "session__starts_at")
    )
    for member_id, starts_at in attended.iterator(chunk_size=CHUNK * 4):
        day = timezone.localtime(starts_at)
        mark(member_id, day.year, day.month)
    completed = (
        CourseCompletion.objects.filter(member_id__in=member_ids)
        .order_by()
        .values_list("member_id", "completed_on")
    )
    for member_id, day in completed.iterator(chunk_size=CHUNK * 4):
        mark(member_id, day.year, day.month)
    return months


def _certification_spans(member_ids):
    periods = defaultdict(list)
    valid = (
        Certificate.objects.filter(holder_id__in=member_ids, status=sources.CERTIFICATE_VALID)
        .order_by()
        .values_list("holder_id", "issued_on", "expires_on")
    )
    for holder_id, issued_on, expires_on in valid.iterator(chunk_size=CHUNK * 4):
        periods[holder_id].append((issued_on, expires_on))
    return {holder_id: certification_span(spans) for holder_id, spans in periods.items()}


def _facts(member_ids):
    memberships = (
        Membership.objects.filter(
            member_id__in=member_ids, left_on__isnull=True, team__status=TeamStatus.ACTIVE
        )
        .order_by("pk")
        .values_list(
            "pk",
            "member_id",
            "team_id",
            "team__ward__province_id",
            "team__ward_id",
            "team__hamlet_id",
            "team__level",
        )
    )
    memberships = list(memberships)
    if not memberships:
        return []
    people = {row[1] for row in memberships}
    months = _trained_months(people)
    spans = _certification_spans(people)
    seen_province, seen_ward = set(), set()
    facts = []
    for pk, member_id, team_id, province_id, ward_id, hamlet_id, level in memberships:
        valid_from, valid_until, gapless = spans.get(member_id) or (None, None, True)
        facts.append(
            CoverageFact(
                membership_id=pk,
                member_id=member_id,
                team_id=team_id,
                province_id=province_id,
                ward_id=ward_id,
                hamlet_id=hamlet_id,
                team_level=level,
                first_in_province=(member_id, province_id) not in seen_province,
                first_in_ward=(member_id, ward_id) not in seen_ward,
                trained_months=months.get(member_id, 0),
                certified_from=valid_from,
                certified_until=valid_until,
                certified_gapless=gapless,
            )
        )
        seen_province.add((member_id, province_id))
        seen_ward.add((member_id, ward_id))
    return facts


@transaction.atomic
def member_activity_refresh(*, member_ids: Iterable[int]) -> None:
    """Recompute the coverage rows of ``member_ids`` from the source tables (seven queries per
    2,000 people; none when the list is empty).

    The people's rows are locked first (in id order, so two refreshes never wait on each other
    in a circle): two writes about the same person at the same moment (a check-in and a
    certificate) then recompute one after the other, instead of both deleting the old rows
    and the second failing on the first one's new rows."""
    ids = sorted({int(pk) for pk in member_ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        list(
            Member.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        CoverageFact.objects.filter(member_id__in=chunk).delete()
        CoverageFact.objects.bulk_create(_facts(chunk), batch_size=CHUNK)


def member_activity_refresh_receiver(sender, *, member_ids, **kwargs) -> None:
    """Receiver of ``lms.core.signals.members_changed``, connected in ``ReportsConfig.ready``."""
    member_activity_refresh(member_ids=member_ids)


def member_activity_rebuild(*, chunk_size: int = CHUNK * 5, stdout=None) -> dict:
    """Recompute every row, a chunk of people per transaction. Returns the counts."""
    ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        member_activity_refresh(member_ids=ids[start : start + chunk_size])
        if stdout is not None and start and start % (chunk_size * 10) == 0:
            stdout.write(f"  {start:,}/{len(ids):,}".replace(",", "."))
    # Rows of people who are in no active team any more were deleted with their chunk.
    return {"members": len(ids), "facts": CoverageFact.objects.count()}
