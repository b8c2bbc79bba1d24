"""Two writes about the same person at the same moment both succeed and leave the right rows.

Needs PostgreSQL (SQLite serialises writers, so it proves nothing).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections, transaction

from lms.reports.activity import member_activity_rebuild, member_activity_refresh
from lms.reports.models import CoverageFact
from tests.factories.teams import MembershipFactory

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="concurrency is only meaningful on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 8


def test_simultaneous_refreshes_of_one_person_do_not_collide():
    membership = MembershipFactory()
    member_id = membership.member_id
    start = threading.Barrier(WRITERS)
    errors = []

    def refresh():
        try:
            with transaction.atomic():
                start.wait(timeout=30)
                member_activity_refresh(member_ids=[member_id])
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for _ in range(WRITERS):
            pool.submit(refresh)

    assert errors == []
    assert list(CoverageFact.objects.values_list("membership_id", flat=True)) == [membership.pk]
    before = set(CoverageFact.objects.values_list("membership_id", "trained_months"))
    member_activity_rebuild()
    assert set(CoverageFact.objects.values_list("membership_id", "trained_months")) == before
