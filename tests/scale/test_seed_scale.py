import re
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate, CertificateCounter
from courses.attendance.models import Attendance
from courses.models import CourseCompletion, CoursePage, Enrolment, LessonProgress
from lms.core.validators import MOBILE_RE
from lms.scale import names
from lms.scale.generator import (
    CERTIFICATE_KEY,
    PHONE_PREFIX,
    ScaleDataExists,
    generate,
)
from teams.models import CommunityTeam, Hamlet, Member, Membership, Ward

from .conftest import small_units


class _Rollback(Exception):
    pass


def _generate_and_undo(seed):
    try:
        with transaction.atomic():
            stats = generate(preset="small", seed=seed)
            raise _Rollback
    except _Rollback:
        pass
    return stats


@pytest.mark.django_db
def test_same_seed_gives_same_data(scale_units):
    first = _generate_and_undo(1)
    second = _generate_and_undo(1)
    other = _generate_and_undo(2)
    assert dict(first.counts) == dict(second.counts)
    assert first.first_names == second.first_names
    assert len(first.first_names) == 20
    assert first.first_names != other.first_names


@pytest.mark.django_db
def test_refuses_without_administrative_units():
    with pytest.raises(CommandError, match="load_admin_units"):
        call_command("seed_scale", "--preset", "small")


@pytest.mark.django_db
def test_rows_are_written_in_batches(scale_units):
    """Thousands of rows in about a hundred queries: the batches, plus a constant per province.
    (The Wagtail page tree of the four courses costs its own few hundred, once.)"""
    page_tables = ("wagtail", "courses_coursepage", "courses_lessonpage", "courses_courseindex")
    page_tables += ("pages_", "django_content_type", "django_tasks", "auth_", "SAVEPOINT")
    with CaptureQueriesContext(connection) as captured:
        stats = generate(preset="small", seed=3)
    data_queries = [
        q["sql"] for q in captured.captured_queries if not any(t in q["sql"] for t in page_tables)
    ]
    rows = sum(stats.counts.values())
    assert rows > 5000
    # SQLite caps the parameters of one statement, so batches are smaller there than on
    # PostgreSQL; still dozens of rows per query, never one query per row.
    assert len(data_queries) < rows / 40, len(data_queries)


class SmallPresetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from lms.demo import seed_site

        seed_site()
        cls.province = small_units()
        cls.stats = generate(preset="small", seed=1)

    def test_four_wards_of_the_province_with_20_to_40_hamlets_each(self):
        per_ward = Hamlet.objects.values("ward_id").annotate(n=Count("id"))
        assert len(per_ward) == 4
        assert all(20 <= row["n"] <= 40 for row in per_ward)

    def test_hamlet_kinds_follow_ward_type(self):
        # Cần Thơ is in the South: communes have "ấp", wards "khu phố" or "khóm".
        kinds = defaultdict(set)
        for ward_type, kind in Hamlet.objects.values_list("ward__ward_type", "kind"):
            kinds[ward_type].add(kind)
        assert kinds["xa"] == {"ap"}
        assert kinds["phuong"] <= {"khu_pho", "khom"}

    def test_at_most_one_active_team_per_hamlet_and_some_wards_without_teams(self):
        per_hamlet = (
            CommunityTeam.objects.filter(status="active")
            .values("hamlet_id")
            .annotate(n=Count("id"))
            .aggregate(m=Max("n"))
        )
        assert per_hamlet["m"] == 1
        teamless = Ward.objects.filter(hamlets__isnull=False).exclude(teams__isnull=False)
        assert teamless.distinct().count() >= 1
        assert CommunityTeam.objects.count() > 40

    def test_teams_have_3_to_9_members_with_one_leader_and_at_most_two_deputies(self):
        rows = (
            Membership.objects.filter(left_on__isnull=True)
            .values("team_id")
            .annotate(
                n=Count("id"),
                leaders=Count("id", filter=Q(role="leader")),
                deputies=Count("id", filter=Q(role="deputy")),
            )
        )
        assert rows
        for row in rows:
            assert 3 <= row["n"] <= 9
            assert row["leaders"] == 1
            assert row["deputies"] <= 2

    def test_people_have_vietnamese_names_and_unique_valid_phones(self):
        families = {name for name, _w in names.FAMILY_NAMES} | set(names.SOUTHERN_SPELLING.values())
        members = list(Member.objects.values("full_name", "phone", "cccd", "gender"))
        assert len(members) == self.stats.counts["teams.Member"]
        phones = [m["phone"] for m in members]
        assert len(set(phones)) == len(phones)
        for member in members:
            parts = member["full_name"].split()
            assert len(parts) >= 3
            assert parts[0] in families
            assert MOBILE_RE.match(member["phone"]) and member["phone"].startswith(PHONE_PREFIX)
            assert not member["cccd"] or re.fullmatch(r"092[0-3]\d{8}", member["cccd"])
        # Demo phones (09120xxxxx) can never collide with the reserved range.
        assert not any(p.startswith("09120") for p in phones)
        assert {m["gender"] for m in members} == {"male", "female"}

    def test_leaders_can_sign_in(self):
        leaders = Membership.objects.filter(role="leader").select_related("member__user")
        assert all(m.member.user is not None for m in leaders)
        user = leaders[0].member.user
        assert user.username == user.phone == leaders[0].member.phone
        assert user.check_password("Scale@2026")

    def test_learning_records(self):
        assert CoursePage.objects.filter(code__startswith="QM-").count() == 4
        assert Attendance.objects.count() == self.stats.counts["attendance.Attendance"] > 1000
        assert Enrolment.objects.exists() and LessonProgress.objects.exists()
        completions = CourseCompletion.objects.count()
        certificates = Certificate.objects.count()
        assert 0 < certificates <= completions
        # Every certificate's holder completed that course.
        assert not Certificate.objects.exclude(
            holder__course_completions__course=models_f("course")
        ).exists()

    def test_coverage_rows_match_the_source_tables(self):
        """The bulk load bypasses the services, so ``generate`` computes the coverage rows of
        everyone it loaded; the report reads the same figures from them as from the sources."""
        from unittest import mock

        from lms.accounts.scoping import Scope
        from lms.reports import selectors
        from lms.reports.models import CoverageFact
        from teams.models import Membership

        active = Membership.objects.filter(left_on__isnull=True, team__status="active")
        assert CoverageFact.objects.count() == active.count() > 300
        params = selectors.report_params(scope=Scope(everything=True), province_id=self.province.pk)
        fast = selectors.coverage_report(params=params)
        with mock.patch.object(selectors.coverage, "activity_applies", return_value=False):
            slow = selectors.coverage_report(params=params)
        keys = ("members", "trained", "certified")
        assert [[r[k] for k in keys] for r in fast.rows] == [
            [r[k] for k in keys] for r in slow.rows
        ]
        assert fast.totals["trained"] > 0 and fast.totals["certified"] > 0

    def test_certificate_numbers_are_sequential_and_counters_advanced(self):
        for year in (2025, 2026):
            sequences = sorted(
                Certificate.objects.filter(issuing_body_key=CERTIFICATE_KEY, year=year).values_list(
                    "sequence", flat=True
                )
            )
            if not sequences:
                continue
            assert sequences == list(range(1, len(sequences) + 1))
            counter = CertificateCounter.objects.get(issuing_body_key=CERTIFICATE_KEY, year=year)
            assert counter.last_sequence == sequences[-1]
        numbers = list(Certificate.objects.values_list("number", flat=True))
        assert len(set(numbers)) == len(numbers)
        assert all(re.fullmatch(rf"\d{{4,}}/20\d\d/{CERTIFICATE_KEY}", n) for n in numbers)

    def test_running_again_refuses(self):
        with pytest.raises(ScaleDataExists):
            generate(preset="small", seed=1)
        with pytest.raises(CommandError, match="dữ liệu quy mô"):
            call_command("seed_scale", "--preset", "small")


def models_f(name):
    from django.db.models import F

    return F(name)
