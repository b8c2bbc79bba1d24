"""The support log and the training sessions listings run a constant number of queries, as
the registry listings do (issue 18.1): 3 or 30 rows in as many wards, the same count, ≤ 20."""

import datetime

import pytest
from django.urls import reverse

from teams.support.choices import Place
from teams.support.services import support_record_create
from tests.factories.accounts import AdminFactory
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import TeamFactory

MAX_QUERIES = 20
pytestmark = pytest.mark.django_db


def _records(n):
    for _ in range(n):
        support_record_create(
            team=TeamFactory(),
            by=None,
            check_permission=False,
            date=datetime.date(2026, 9, 15),
            place=Place.HOME,
        )


def _count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_support_log_listing(client, django_assert_max_num_queries):
    client.force_login(AdminFactory())
    url = reverse("support_record:index")
    _records(3)
    few = _count(client, url, django_assert_max_num_queries)
    _records(27)
    assert _count(client, url, django_assert_max_num_queries) == few


def test_training_sessions_listing(client, django_assert_max_num_queries):
    client.force_login(AdminFactory())
    url = reverse("attendance_trainingsession:index")
    TrainingSessionFactory.create_batch(3)
    few = _count(client, url, django_assert_max_num_queries)
    TrainingSessionFactory.create_batch(27)
    assert _count(client, url, django_assert_max_num_queries) == few
