"""Reports read through the replica alias when one is configured."""

from unittest import mock

import pytest
from django.conf import settings
from django.db.utils import ConnectionDoesNotExist
from django.test import override_settings

from lms.accounts.scoping import Scope
from lms.reports.db import report_db_alias
from lms.reports.periods import period_parse
from lms.reports.selectors import coverage_report, report_params


def test_alias_is_default_without_a_replica():
    assert "replica" not in settings.DATABASES
    assert report_db_alias() == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_alias_is_replica_when_configured():
    databases = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    with override_settings(DATABASES=databases):
        assert report_db_alias() == "replica"


@pytest.mark.django_db
def test_every_report_query_goes_through_the_alias(dataset):
    """Pointing the alias at a database that does not exist makes every report query fail:
    no query of the report bypasses it."""
    params = report_params(scope=Scope(everything=True), period=period_parse("2026-q3"))
    with mock.patch("lms.reports.coverage_sql.report_db_alias", return_value="no-such-db"):
        with pytest.raises(ConnectionDoesNotExist):
            coverage_report(params=params)  # the one statement over CoverageFact
    course = report_params(
        scope=Scope(everything=True), period=period_parse("2026-q3"), course_id=dataset.c1.pk
    )
    with (
        mock.patch("lms.reports.coverage_sql.report_db_alias", return_value="no-such-db"),
        mock.patch("lms.reports.coverage_course_sql.report_db_alias", return_value="no-such-db"),
        pytest.raises(ConnectionDoesNotExist),
    ):
        coverage_report(params=course)  # the one statement with the per-course rows
    before_window = report_params(
        scope=Scope(everything=True), period=period_parse("2024"), course_id=dataset.c1.pk
    )
    # The ORM path looks the alias up in the two selector modules it runs queries from.
    with (
        mock.patch("lms.reports.selectors.common.report_db_alias", return_value="no-such-db"),
        mock.patch("lms.reports.selectors.coverage.report_db_alias", return_value="no-such-db"),
        pytest.raises(ConnectionDoesNotExist),
    ):
        coverage_report(params=before_window)  # the ORM path on the source tables
    assert coverage_report(params=params).totals["members"] == 5


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compiling cost more than the national report itself (``PG_OPTIONS``)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
