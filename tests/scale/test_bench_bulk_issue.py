"""``manage.py bench_bulk_issue`` runs a real bulk issue with real worker processes; it writes
committed rows, so it refuses what it cannot measure honestly: SQLite (one writer at a time) or
a task backend that would run the work inside the command instead of in the workers."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from certificates.models import Certificate


@pytest.mark.django_db
def test_refuses_without_postgresql_or_a_database_queue():
    with pytest.raises(CommandError) as refused:
        call_command("bench_bulk_issue", "--count", "3", "--workers", "1")
    if connection.vendor == "postgresql":
        assert "django_tasks_db" in str(refused.value)  # the test settings run tasks at once
    else:
        assert "Cần PostgreSQL" in str(refused.value)
    assert not Certificate.objects.exists()
