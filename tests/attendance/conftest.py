import pytest

from lms.accounts.groups import group_for_role
from tests.factories.accounts import (
    AdminFactory,
    ProvinceOfficerFactory,
    TrainerFactory,
    UserFactory,
    WardOfficerFactory,
)
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory, MembershipFactory, TeamFactory


def with_group(user):
    group = group_for_role(user.role)
    if group:
        user.groups.add(group)
    return user


@pytest.fixture
def session(db):
    return TrainingSessionFactory()


@pytest.fixture
def team(session):
    return TeamFactory(hamlet__ward=session.organiser_ward)


@pytest.fixture
def member_user(session):
    """A member with an account, registered in the session's ward."""
    user = UserFactory()
    member = MemberFactory(user=user, ward=session.organiser_ward, phone=user.phone)
    return member


@pytest.fixture
def trainer(session):
    user = with_group(TrainerFactory(province=session.organiser_province))
    session.trainers.add(user)
    return user


@pytest.fixture
def ward_officer(session):
    return with_group(WardOfficerFactory(ward=session.organiser_ward))


@pytest.fixture
def make_staff():
    factories = {
        "admin": AdminFactory,
        "province": ProvinceOfficerFactory,
        "ward": WardOfficerFactory,
        "trainer": TrainerFactory,
    }

    def make(kind, **kwargs):
        return with_group(factories[kind](**kwargs))

    return make


@pytest.fixture
def roster(session, team):
    """Three active members of a target team, invited."""
    from courses.attendance.services import session_roster_build

    memberships = MembershipFactory.create_batch(3, team=team)
    session.target_teams.add(team)
    session_roster_build(session=session)
    return [m.member for m in memberships]
