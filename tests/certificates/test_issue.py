"""Eligibility, issuing, numbering, revocation, reissue, anonymisation (services)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.choices import CertificateStatus, PublicStatus
from certificates.models import Certificate, CertificateCounter
from certificates.numbering import add_months, allocate_sequence
from certificates.services import (
    CertificateNotEligible,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificates_anonymise_holder,
)
from courses.attendance.choices import AttendanceStatus
from courses.models import CourseCompletion
from tests.factories.accounts import AdminFactory
from tests.factories.attendance import AttendanceFactory, TrainingSessionFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import (
    LessonProgressFactory,
    QuizAttemptFactory,
    course_page,
    lesson_page,
    single_choice,
)
from tests.factories.teams import MemberFactory

from .conftest import complete


@pytest.fixture
def officer(db):
    return AdminFactory()


class EligibilityTests:
    """Each completion rule of the course refuses on its own, with the courses app's reason."""

    @pytest.fixture
    def rich_course(self, site_pages, template):
        course = course_page(
            title="An toàn trên mạng", certificate_template=template, pass_mark=80, min_sessions=1
        )
        self.lesson = lesson_page(course, title="Nhận diện lừa đảo")
        self.quiz = lesson_page(course, title="Kiểm tra cuối khóa", body=[single_choice()])
        return course

    def _finish(self, member, course, *, lessons=True, score=100, sessions=1):
        now = timezone.now()
        if lessons:
            for lesson in (self.lesson, self.quiz):
                LessonProgressFactory(member=member, lesson=lesson, completed_at=now)
        if score is not None:
            QuizAttemptFactory(
                member=member, lesson=self.quiz, score_percent=score, passed=score >= 80
            )
        for _ in range(sessions):
            AttendanceFactory(
                member=member,
                session=TrainingSessionFactory(course=course),
                status=AttendanceStatus.PRESENT,
            )

    def test_all_rules_met_issues(self, rich_course, member, officer):
        self._finish(member, rich_course)
        certificate = certificate_issue(member=member, course=rich_course, by=officer)
        assert certificate.status == CertificateStatus.VALID
        # The completion is recorded by the courses app on the way.
        assert CourseCompletion.objects.filter(member=member, course=rich_course).exists()

    def test_unfinished_lessons_refuse(self, rich_course, member, officer):
        self._finish(member, rich_course, lessons=False)
        with pytest.raises(CertificateNotEligible) as exc:
            certificate_issue(member=member, course=rich_course, by=officer)
        assert any("bài chưa hoàn thành" in m for m in exc.value.messages)
        assert not Certificate.objects.exists()

    def test_quiz_below_pass_mark_refuses(self, rich_course, member, officer):
        self._finish(member, rich_course, score=60)
        with pytest.raises(CertificateNotEligible) as exc:
            certificate_issue(member=member, course=rich_course, by=officer)
        assert any("60%" in m and "80%" in m for m in exc.value.messages)

    def test_missing_sessions_refuse(self, rich_course, member, officer):
        self._finish(member, rich_course, sessions=0)
        with pytest.raises(CertificateNotEligible) as exc:
            certificate_issue(member=member, course=rich_course, by=officer)
        assert any("0/1 buổi" in m for m in exc.value.messages)

    def test_absent_does_not_count_as_attended(self, rich_course, member, officer):
        self._finish(member, rich_course, sessions=0)
        AttendanceFactory(
            member=member,
            session=TrainingSessionFactory(course=rich_course),
            status=AttendanceStatus.ABSENT,
        )
        with pytest.raises(CertificateNotEligible):
            certificate_issue(member=member, course=rich_course, by=officer)

    def test_recorded_completion_is_enough(self, rich_course, member, officer):
        complete(member, rich_course)
        assert certificate_issue(member=member, course=rich_course, by=officer).pk

    def test_course_without_template_refuses(self, site_pages, member, officer):
        course = course_page(certificate_template=None)
        complete(member, course)
        with pytest.raises(ValidationError, match="chưa được gắn mẫu"):
            certificate_issue(member=member, course=course, by=officer)


class IssueTests:
    def test_number_code_snapshot_and_url(self, completed, course, officer):
        certificate = certificate_issue(member=completed, course=course, by=officer)
        year = timezone.localdate().year
        assert certificate.number == f"0001/{year}/GCN-SKHCN"
        assert (certificate.issuing_body_key, certificate.year, certificate.sequence) == (
            "GCN-SKHCN",
            year,
            1,
        )
        assert len(certificate.code) >= 22  # 16 random bytes, URL-safe
        assert certificate.holder_name == "Nguyễn Thị Hồng Nhung"
        assert certificate.holder_birth_date == datetime.date(1998, 3, 8)
        assert certificate.holder_ward_name == "Phường Vị Tân"
        assert certificate.holder_team_name.startswith("Tổ công nghệ số cộng đồng")
        assert certificate.course_title == "Kỹ năng số cơ bản"
        assert certificate.course_hours == 8
        assert certificate.issuing_body_name == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
        assert certificate.get_absolute_url() == f"/chung-nhan/tra-cuu/{certificate.code}/"

    def test_codes_are_unique_and_random(self, course, officer, ward):
        codes = set()
        for _ in range(5):
            m = MemberFactory(ward=ward)
            complete(m, course)
            codes.add(certificate_issue(member=m, course=course, by=officer).code)
        assert len(codes) == 5

    def test_issuing_twice_returns_the_existing_certificate(self, completed, course, officer):
        first = certificate_issue(member=completed, course=course, by=officer)
        second = certificate_issue(member=completed, course=course, by=officer)
        assert first.pk == second.pk
        assert Certificate.objects.count() == 1
        assert CertificateCounter.objects.get().last_sequence == 1

    def test_one_valid_certificate_per_person_and_course_in_the_database(
        self, completed, course, officer
    ):
        first = certificate_issue(member=completed, course=course, by=officer)
        duplicate = Certificate.objects.get(pk=first.pk)
        duplicate.pk = None
        duplicate.number, duplicate.sequence, duplicate.code = "X", 99, "other-code"
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()

    def test_snapshot_does_not_change_when_the_member_is_edited(self, completed, course, officer):
        certificate = certificate_issue(member=completed, course=course, by=officer)
        completed.full_name = "Tên Đã Sửa"
        completed.date_of_birth = datetime.date(2000, 1, 1)
        completed.save()
        course.title = "Tên khóa đã đổi"
        course.save()
        certificate.refresh_from_db()
        assert certificate.holder_name == "Nguyễn Thị Hồng Nhung"
        assert certificate.holder_birth_date == datetime.date(1998, 3, 8)
        assert certificate.course_title == "Kỹ năng số cơ bản"

    def test_expiry_from_template_validity(self, site_pages, member, officer):
        course = course_page(certificate_template=CertificateTemplateFactory(validity_months=24))
        complete(member, course)
        certificate = certificate_issue(
            member=member, course=course, by=officer, issued_on=datetime.date(2024, 2, 29)
        )
        assert certificate.expires_on == datetime.date(2026, 2, 28)
        assert certificate.public_status == PublicStatus.EXPIRED

    def test_session_must_have_been_attended(self, completed, course, officer):
        session = TrainingSessionFactory(course=course)
        with pytest.raises(ValidationError):
            certificate_issue(member=completed, course=course, by=officer, session=session)
        AttendanceFactory(session=session, member=completed, status=AttendanceStatus.LATE)
        certificate = certificate_issue(
            member=completed, course=course, by=officer, session=session
        )
        assert certificate.session == session

    def test_anonymised_member_is_refused(self, completed, course, officer):
        completed.anonymised_at = timezone.now()
        completed.save()
        with pytest.raises(ValidationError):
            certificate_issue(member=completed, course=course, by=officer)


class NumberingTests:
    def test_sequential_per_issuing_body_and_year_without_gaps(self, site_pages, ward, officer):
        skhcn = CertificateTemplateFactory(number_suffix="GCN-SKHCN")
        ubnd = CertificateTemplateFactory(number_suffix="GCN-UBND")
        course_a = course_page(certificate_template=skhcn)
        course_b = course_page(certificate_template=ubnd)
        numbers = []
        for _i in range(3):
            m = MemberFactory(ward=ward)
            complete(m, course_a)
            complete(m, course_b)
            numbers.append(certificate_issue(member=m, course=course_a, by=officer).number)
            numbers.append(
                certificate_issue(
                    member=m, course=course_b, by=officer, issued_on=datetime.date(2025, 12, 31)
                ).number
            )
        year = timezone.localdate().year
        assert numbers == [
            f"0001/{year}/GCN-SKHCN",
            "0001/2025/GCN-UBND",
            f"0002/{year}/GCN-SKHCN",
            "0002/2025/GCN-UBND",
            f"0003/{year}/GCN-SKHCN",
            "0003/2025/GCN-UBND",
        ]

    def test_a_failed_issue_gives_its_number_back(self, completed, course, officer, monkeypatch):
        import certificates.services.issue as services

        real = services.new_certificate

        def broken(**kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(services, "new_certificate", broken)
        with pytest.raises(RuntimeError):
            certificate_issue(member=completed, course=course, by=officer)
        monkeypatch.setattr(services, "new_certificate", real)
        assert certificate_issue(member=completed, course=course, by=officer).sequence == 1

    def test_block_allocation(self, db):
        with transaction.atomic():
            assert allocate_sequence(issuing_body_key="K", year=2026, count=500) == 1
            assert allocate_sequence(issuing_body_key="K", year=2026) == 501
        assert CertificateCounter.objects.get(issuing_body_key="K").last_sequence == 501

    @pytest.mark.django_db(transaction=True)
    def test_allocation_outside_a_transaction_is_refused(self):
        with pytest.raises(RuntimeError):
            allocate_sequence(issuing_body_key="K", year=2026)

    def test_add_months_clamps_to_month_end(self):
        assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
        assert add_months(datetime.date(2026, 11, 23), 14) == datetime.date(2028, 1, 23)


class RevokeReissueTests:
    def test_revoke_keeps_the_row_and_the_reason(self, completed, course, officer):
        certificate = certificate_issue(member=completed, course=course, by=officer)
        certificate_revoke(certificate=certificate, by=officer, reason="Cấp nhầm người")
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.REVOKED
        assert certificate.revoked_reason == "Cấp nhầm người"
        assert certificate.revoked_by == officer
        assert certificate.revoked_at is not None
        assert Certificate.objects.count() == 1

    def test_revoke_needs_a_reason_and_happens_once(self, completed, course, officer):
        certificate = certificate_issue(member=completed, course=course, by=officer)
        with pytest.raises(ValidationError):
            certificate_revoke(certificate=certificate, by=officer, reason="   ")
        certificate_revoke(certificate=certificate, by=officer, reason="Sai")
        with pytest.raises(ValidationError):
            certificate_revoke(certificate=certificate, by=officer, reason="Lần nữa")

    def test_after_revocation_a_new_certificate_can_be_issued(self, completed, course, officer):
        old = certificate_issue(member=completed, course=course, by=officer)
        certificate_revoke(certificate=old, by=officer, reason="Sai tên")
        new = certificate_issue(member=completed, course=course, by=officer)
        assert new.pk != old.pk and new.sequence == 2

    def test_reissue_new_number_links_to_old_and_revokes_it(self, completed, course, officer):
        old = certificate_issue(member=completed, course=course, by=officer)
        completed.full_name = "Nguyễn Thị Hồng Nhung Sửa"
        completed.save()
        new = certificate_reissue(certificate=old, by=officer, reason="Sai chính tả họ tên")
        old.refresh_from_db()
        assert new.number != old.number and new.sequence == old.sequence + 1
        assert new.replaces == old
        assert old.replaced_by == new
        assert old.status == CertificateStatus.REVOKED
        assert old.revoked_reason == "Cấp lại: Sai chính tả họ tên"
        assert new.holder_name == "Nguyễn Thị Hồng Nhung Sửa"
        assert new.status == CertificateStatus.VALID
        with pytest.raises(ValidationError):
            certificate_reissue(certificate=old, by=officer, reason="Lại")


class AnonymiseTests:
    def test_clears_personal_snapshot_keeps_counts(self, completed, course, officer):
        certificate = certificate_issue(member=completed, course=course, by=officer)
        assert certificates_anonymise_holder(member=completed) == 1
        certificate.refresh_from_db()
        assert certificate.holder_anonymised is True
        assert certificate.holder_name == ""
        assert certificate.holder_birth_date is None
        assert certificate.holder_team_name == ""
        assert certificate.course_title == "Kỹ năng số cơ bản"
        assert Certificate.objects.filter(course=course).count() == 1
