"""300 members checking in at once, each scanning twice: nothing lost, nothing duplicated.

Needs PostgreSQL (SQLite serialises writers, so it proves nothing):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_attendance pytest -m postgres tests/attendance
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections

from courses.attendance import services
from courses.attendance.choices import ATTENDED
from courses.attendance.models import Attendance
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory, MembershipFactory, TeamFactory

# skipif (not a skip inside the test) so that on SQLite no transactional database is even set
# up: flushing it would disturb later tests that rely on serialized rollback.
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="concurrency is only meaningful on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

MEMBERS = 300


def test_concurrent_check_in_loses_nothing_and_duplicates_nothing():
    session = TrainingSessionFactory()
    team = TeamFactory(hamlet__ward=session.organiser_ward)
    invited = [MembershipFactory(team=team).member for _ in range(MEMBERS // 2)]
    session.target_teams.add(team)
    services.session_roster_build(session=session)
    walk_ups = MemberFactory.create_batch(MEMBERS - len(invited), ward=session.organiser_ward)
    people = invited + walk_ups
    start = threading.Barrier(20)
    errors = []

    def check_in(member, first_in_batch):
        try:
            if first_in_batch:
                start.wait(timeout=30)
            return services.attendance_check_in(session=session, member=member).newly_attended
        except Exception as error:  # collected and asserted below
            errors.append(error)
            return None
        finally:
            connections.close_all()

    jobs = [(m, i < 20) for i, m in enumerate(people)] + [(m, False) for m in people]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda job: check_in(*job), jobs))

    assert errors == []
    assert results.count(True) == MEMBERS  # each person newly attended exactly once
    assert results.count(False) == MEMBERS  # the second scan is a no-op
    rows = Attendance.objects.filter(session=session)
    assert rows.count() == MEMBERS
    assert rows.filter(status__in=ATTENDED).count() == MEMBERS
    assert rows.values("member").distinct().count() == MEMBERS


def test_same_member_many_simultaneous_scans():
    session = TrainingSessionFactory()
    member = MemberFactory(ward=session.organiser_ward)
    barrier = threading.Barrier(10)
    outcomes, errors = [], []

    def scan():
        try:
            barrier.wait(timeout=30)
            outcomes.append(
                services.attendance_check_in(session=session, member=member).newly_attended
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(outcomes) == [False] * 9 + [True]
    assert Attendance.objects.filter(session=session, member=member).count() == 1
