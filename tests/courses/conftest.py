import pytest

from tests.factories.accounts import UserFactory
from tests.factories.courses import course_index, course_page, lesson_page
from tests.factories.teams import MemberFactory


@pytest.fixture
def index(site_pages):
    return course_index(site_pages)


@pytest.fixture
def course(index):
    return course_page(index)


@pytest.fixture
def learner(db):
    """A logged-in-able user with a linked team member."""
    user = UserFactory()
    member = MemberFactory(user=user)
    return member


@pytest.fixture
def lessons(course):
    return [lesson_page(course) for _ in range(3)]
