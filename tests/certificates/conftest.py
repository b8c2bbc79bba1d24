import datetime

import pytest

from certificates.services import certificate_issue
from courses.models import CourseCompletion
from tests.factories.accounts import AdminFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import course_page
from tests.factories.teams import MembershipFactory, WardFactory


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    # The address printed on certificates, as the test client's host.
    settings.LMS_PUBLIC_BASE_URL = "http://testserver"


@pytest.fixture
def template(db):
    return CertificateTemplateFactory()


@pytest.fixture
def course(site_pages, template):
    return course_page(title="Kỹ năng số cơ bản", estimated_hours=8, certificate_template=template)


@pytest.fixture
def ward(db):
    return WardFactory(name="Phường Vị Tân")


@pytest.fixture
def member(ward):
    membership = MembershipFactory(
        member__full_name="Nguyễn Thị Hồng Nhung",
        member__ward=ward,
        member__date_of_birth=datetime.date(1998, 3, 8),
        member__phone="0912345678",
        member__cccd="092198001234",
        team__hamlet__ward=ward,
    )
    return membership.member


def complete(member, course, day=None):
    return CourseCompletion.objects.create(
        member=member, course=course, completed_on=day or datetime.date(2026, 11, 1)
    )


@pytest.fixture
def completed(member, course):
    complete(member, course)
    return member


@pytest.fixture
def admin(db):
    return AdminFactory()


@pytest.fixture
def certificate(completed, course, admin):
    """The completed member's certificate, issued by an administrator."""
    return certificate_issue(member=completed, course=course, by=admin)
