"""Bulk issue: eligible selection, scope, the task and its progress record, resuming after a
crash, and a query count that does not grow with the number of members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import certificates.jobs as jobs
from certificates.choices import BulkJobStatus, CertificateStatus
from certificates.models import BulkIssueJob, Certificate
from certificates.services import (
    bulk_issue_job_create,
    bulk_issue_job_run,
    certificate_issue,
    certificate_revoke,
    certificates_bulk_issue,
    certificates_bulk_issue_enqueue,
)
from courses.attendance.choices import AttendanceStatus
from tests.factories.accounts import WardOfficerFactory
from tests.factories.attendance import AttendanceFactory, TrainingSessionFactory
from tests.factories.teams import MemberFactory, MembershipFactory

from .conftest import complete


def completed_members(course, ward, n):
    members = []
    for i in range(n):
        membership = MembershipFactory(
            member__full_name=f"Đỗ Văn Học {i:03d}", member__ward=ward, team__hamlet__ward=ward
        )
        complete(membership.member, course)
        members.append(membership.member)
    return members


def numbers_are_gapless(queryset):
    sequences = sorted(queryset.values_list("sequence", flat=True))
    return sequences == list(range(1, len(sequences) + 1))


class BulkIssueTests:
    def test_issues_everyone_eligible_once_with_consecutive_numbers(self, course, ward, admin):
        members = completed_members(course, ward, 6)
        MemberFactory(ward=ward)  # did not complete
        counts = certificates_bulk_issue(course=course, by=admin)
        assert counts == {"total": 6, "issued": 6, "already_issued": 0, "errors": 0}
        certificates = Certificate.objects.filter(course=course)
        assert set(certificates.values_list("holder_id", flat=True)) == {m.pk for m in members}
        assert numbers_are_gapless(certificates)
        first = certificates.get(holder=members[0])
        assert first.holder_name == "Đỗ Văn Học 000"
        assert first.holder_team_name.startswith("Tổ công nghệ số cộng đồng")
        assert first.holder_ward_name == ward.name
        assert first.bulk_job is not None
        # Running again issues nothing new.
        again = certificates_bulk_issue(course=course, by=admin)
        assert again["issued"] == 0 and again["total"] == 0
        assert certificates.count() == 6

    def test_skips_holders_of_a_valid_certificate_but_not_of_a_revoked_one(
        self, course, ward, admin
    ):
        a, b, c = completed_members(course, ward, 3)
        certificate_issue(member=a, course=course, by=admin)
        revoked = certificate_issue(member=b, course=course, by=admin)
        certificate_revoke(certificate=revoked, by=admin, reason="Sai")
        counts = certificates_bulk_issue(course=course, by=admin)
        assert counts["issued"] == 2
        valid = Certificate.objects.filter(course=course, status=CertificateStatus.VALID)
        assert valid.count() == 3
        assert numbers_are_gapless(Certificate.objects.filter(course=course))

    def test_session_limits_to_those_who_attended(self, course, ward, admin):
        present, late, absent, elsewhere = completed_members(course, ward, 4)
        session = TrainingSessionFactory(course=course, organiser_ward=ward)
        AttendanceFactory(session=session, member=present, status=AttendanceStatus.PRESENT)
        AttendanceFactory(session=session, member=late, status=AttendanceStatus.LATE)
        AttendanceFactory(session=session, member=absent, status=AttendanceStatus.ABSENT)
        counts = certificates_bulk_issue(course=course, by=admin, session=session)
        assert counts["issued"] == 2
        assert set(Certificate.objects.values_list("holder_id", flat=True)) == {
            present.pk,
            late.pk,
        }
        assert set(Certificate.objects.values_list("session_id", flat=True)) == {session.pk}

    def test_ward_officer_only_reaches_their_ward(self, course, ward, admin):
        mine = completed_members(course, ward, 2)
        other = MemberFactory()
        complete(other, course)
        officer = WardOfficerFactory(ward=ward)
        counts = certificates_bulk_issue(course=course, by=officer)
        assert counts["issued"] == 2
        assert set(Certificate.objects.values_list("holder_id", flat=True)) == {m.pk for m in mine}
        job = BulkIssueJob.objects.get()
        assert job.scope_ward == ward

    def test_enqueue_runs_the_task_and_records_progress(self, course, ward, admin):
        completed_members(course, ward, 3)
        job = certificates_bulk_issue_enqueue(course=course, by=admin)
        job.refresh_from_db()
        assert job.status == BulkJobStatus.DONE
        assert (job.total, job.done, job.errors) == (3, 3, 0)
        assert job.percent == 100
        assert job.task_id
        assert job.started_at and job.finished_at

    def test_resume_after_a_crash_gives_no_duplicates_and_no_gaps(
        self, course, ward, admin, monkeypatch
    ):
        completed_members(course, ward, 7)
        job = bulk_issue_job_create(course=course, by=admin)
        real = jobs._bulk_issue_batch
        calls = {"n": 0}

        def crash_on_second_batch(**kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise ConnectionError("worker killed")
            return real(**kwargs)

        monkeypatch.setattr(jobs, "_bulk_issue_batch", crash_on_second_batch)
        with pytest.raises(ConnectionError):
            bulk_issue_job_run(job=job, batch_size=3)
        job.refresh_from_db()
        assert job.status == BulkJobStatus.FAILED
        assert job.done == 3
        assert Certificate.objects.count() == 3

        monkeypatch.setattr(jobs, "_bulk_issue_batch", real)
        counts = bulk_issue_job_run(job=job, batch_size=3)
        job.refresh_from_db()
        assert counts == {"total": 7, "issued": 4, "already_issued": 3, "errors": 0}
        assert (job.status, job.total, job.done) == (BulkJobStatus.DONE, 7, 7)
        certificates = Certificate.objects.filter(course=course)
        assert certificates.count() == 7
        assert certificates.values("holder").distinct().count() == 7
        assert numbers_are_gapless(certificates)

    def test_a_batch_that_collides_with_a_single_issue_drops_that_member(self, course, ward, admin):
        a, b = completed_members(course, ward, 2)
        job = bulk_issue_job_create(course=course, by=admin)
        rows = jobs.eligible_completions(course=course)
        certificate_issue(member=a, course=course, by=admin)  # meanwhile, at the counter
        created, failed = jobs._bulk_issue_batch(
            job=job,
            batch=rows,
            course=course,
            template=course.certificate_template,
            by=admin,
            issued_on=Certificate.objects.get().issued_on,
        )
        assert (created, failed) == (1, [])
        assert Certificate.objects.filter(holder=b).count() == 1
        assert numbers_are_gapless(Certificate.objects.all())


class BulkQueryCountTests:
    def _queries(self, course, admin):
        job = bulk_issue_job_create(course=course, by=admin)
        with CaptureQueriesContext(connection) as ctx:
            bulk_issue_job_run(job=job)
        return len(ctx.captured_queries)

    def test_query_count_does_not_grow_with_members(self, site_pages, template, ward, admin):
        from tests.factories.courses import course_page

        small = course_page(certificate_template=template)
        large = course_page(certificate_template=template)
        completed_members(small, ward, 5)
        completed_members(large, ward, 20)
        # The year's counter row exists after the first certificate; create it up front so
        # both runs take the same path.
        from django.utils import timezone

        from certificates.models import CertificateCounter

        CertificateCounter.objects.create(
            issuing_body_key=template.number_suffix, year=timezone.localdate().year
        )
        q_small = self._queries(small, admin)
        q_large = self._queries(large, admin)
        assert Certificate.objects.filter(course=large).count() == 20
        assert q_small == q_large
        # 16, plus 7 to recompute the holders' coverage rows and 4 for their staffing and
        # per-course rows (issue 18), per batch.
        assert q_large <= 27
