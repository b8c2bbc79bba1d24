"""The read-replica router: report reads go to the replica alias, every write to the primary."""

import copy
import threading

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connections, router
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import ExportLog
from lms.accounts.services import export_log_record
from lms.core.db_router import REPLICA_ALIAS, ReplicaRouter, replica_alias, replica_reads
from lms.reports.db import report_db_alias
from teams.models import Province
from tests.factories.accounts import AdminFactory

WITH_REPLICA = {**settings.DATABASES, REPLICA_ALIAS: dict(settings.DATABASES["default"])}
with_replica = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def on(alias):
    """An unsaved row that says it came from ``alias``, as a row read there would."""
    province = Province(code="99", name="Tỉnh thử")
    province._state.db = alias
    return province


# -- The router on its own ----------------------------------------------------------------------


@with_replica
class RouterTests:
    def test_reads_go_to_the_replica_only_inside_the_block(self):
        with override_settings(DATABASES=WITH_REPLICA):
            assert ReplicaRouter().db_for_read(Province) is None
            with replica_reads():
                assert ReplicaRouter().db_for_read(Province) == "replica"
                # Even for a row that came from the primary (the request's user, say).
                assert ReplicaRouter().db_for_read(Province, instance=on("default")) == "replica"
            assert ReplicaRouter().db_for_read(Province) is None

    def test_writes_always_go_to_the_primary(self):
        with override_settings(DATABASES=WITH_REPLICA):
            assert ReplicaRouter().db_for_write(Province) == "default"
            with replica_reads():
                assert ReplicaRouter().db_for_write(Province) == "default"
                assert router.db_for_write(Province, instance=on("replica")) == "default"
            # Outside the block too: without the router Django would save a row read from
            # the replica back to the replica.
            assert router.db_for_write(Province, instance=on("replica")) == "default"

    def test_without_a_replica_everything_reads_the_default(self):
        assert REPLICA_ALIAS not in settings.DATABASES
        assert replica_alias() is None
        with replica_reads():
            assert ReplicaRouter().db_for_read(Province) is None
            assert router.db_for_read(Province) == "default"
            assert report_db_alias() == "default"

    def test_settings_register_the_router_and_report_alias_agrees_with_it(self):
        assert any(isinstance(r, ReplicaRouter) for r in router.routers)
        with override_settings(DATABASES=WITH_REPLICA), replica_reads():
            assert router.db_for_read(Province) == report_db_alias() == replica_alias()

    def test_no_migrations_on_the_replica(self):
        assert ReplicaRouter().allow_migrate("replica", "teams", model_name="province") is False
        assert ReplicaRouter().allow_migrate("default", "teams", model_name="province") is None
        assert router.allow_migrate("default", "teams", model_name="province") is True

    def test_relations_between_primary_and_replica_rows_are_allowed(self):
        assert ReplicaRouter().allow_relation(on("replica"), on("default")) is True
        assert ReplicaRouter().allow_relation(on("default"), on("default")) is True
        assert ReplicaRouter().allow_relation(on("replica"), on("archive")) is None


class ReplicaReadsTests:
    def reading(self):
        return ReplicaRouter().db_for_read(Province) is not None

    @with_replica
    @override_settings(DATABASES=WITH_REPLICA)
    def test_decorator_nesting_and_exceptions_restore_the_previous_state(self):
        @replica_reads()
        def decorated():
            return self.reading()

        assert decorated() is True
        assert self.reading() is False
        with replica_reads():
            with replica_reads():
                pass
            assert self.reading() is True  # the inner block did not switch the outer one off
        with pytest.raises(RuntimeError), replica_reads():
            raise RuntimeError("the report failed")
        assert self.reading() is False

    @with_replica
    @override_settings(DATABASES=WITH_REPLICA)
    def test_follows_sync_to_async_but_not_other_threads(self):
        """Under ASGI a sync view runs in a worker thread through sync_to_async: the flag goes
        with it. A thread serving another request starts without it."""
        seen = {}
        with replica_reads():
            assert async_to_sync(sync_to_async(self.reading))() is True
            thread = threading.Thread(target=lambda: seen.update(other=self.reading()))
            thread.start()
            thread.join()
        assert seen == {"other": False}


# -- Through the HTTP client, with a replica alias --------------------------------------------


@pytest.fixture
def replica(db, monkeypatch):
    """A "replica" alias for one test: a test mirror of the default database.

    It gets its own connection wrapper, so the queries sent through it are counted apart from
    the primary's, but the wrapper is handed the primary's open database connection. A second
    real connection (what ``"TEST": {"MIRROR": "default"}`` alone gives) would not see this
    test's rows: pytest-django keeps each test inside a transaction on the primary that is
    rolled back, never committed, and ``transaction=True`` would empty every table after the
    test instead. Sharing the connection keeps the test fast and isolated, on SQLite and
    PostgreSQL alike. The alias is added after pytest-django has set up the test, so it is not
    in the test's ``databases`` and nothing creates, wraps or flushes it."""
    default = connections["default"]
    config = copy.deepcopy(default.settings_dict)
    config["TEST"]["MIRROR"] = "default"
    # settings.DATABASES is what the router asks; connections.settings is what builds the
    # connection (usually the same dict, set in both in case it is not).
    monkeypatch.setitem(settings.DATABASES, REPLICA_ALIAS, config)
    monkeypatch.setitem(connections.settings, REPLICA_ALIAS, config)
    default.ensure_connection()
    wrapper = connections[REPLICA_ALIAS]
    wrapper.connection = default.connection
    try:
        yield wrapper
    finally:
        wrapper.connection = None  # the primary's connection: not ours to close
        del connections[REPLICA_ALIAS]


def captured(client, url, params):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA_ALIAS]) as replica,
    ):
        response = client.get(url, params)
    return response, primary, replica


def sql(queries):
    return [query["sql"] for query in queries.captured_queries]


# Tables the reports are built from; the login and the admin chrome read others.
REPORT_TABLES = ("teams_", "courses_", "certificates_", "reports_")


def report_reads(queries):
    return [q for q in sql(queries) if any(f'"{table}' in q for table in REPORT_TABLES)]


def writes(queries):
    return [
        q for q in sql(queries) if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def aggregates(queries):
    return [q for q in sql(queries) if "COUNT(" in q]


@pytest.mark.django_db
class ReplicaIntegrationTests:
    def test_report_screen_reads_the_replica(self, client, dataset, replica):
        client.force_login(AdminFactory())
        response, primary, replica_queries = captured(
            client, reverse("reports_admin:coverage"), {"period": "2026-q3", "province": "92"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Phường Vị Tân" in html and "Tổng cộng" in html
        assert any("reports_coveragefact" in q for q in aggregates(replica_queries))
        # Not only the selectors' own queries, which name the replica themselves: the filter
        # form's provinces, wards, courses and topics, read while the page renders, follow
        # them through the router.
        assert report_reads(primary) == []
        assert writes(replica_queries) == []

    def test_export_reads_the_replica(self, client, dataset, replica):
        client.force_login(AdminFactory())
        response, primary, replica_queries = captured(
            client,
            reverse("reports_admin:coverage"),
            {"period": "2026-q3", "province": "92", "export": "xlsx"},
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert any("reports_coveragefact" in q for q in aggregates(replica_queries))
        assert report_reads(primary) == []
        assert writes(replica_queries) == []

    def test_json_reads_the_replica_after_the_permission_check_on_the_primary(
        self, client, province_officer, replica
    ):
        client.force_login(province_officer)
        response, primary, replica_queries = captured(
            client,
            reverse("reports:api", args=["coverage"]),
            {"period": "2026-q3", "province": "92"},
        )
        assert response.status_code == 200
        data = response.json()
        assert data["totals"]["trained"] == 3
        assert {row["code"]: row["members"] for row in data["rows"]}["31333"] == 4
        assert any("reports_coveragefact" in q for q in aggregates(replica_queries))
        assert report_reads(primary) == []  # the filter's province lookup too, by the router
        # A permission granted a moment ago must work at once: checked on the primary.
        assert any("auth_permission" in q for q in sql(primary))
        assert not any("auth_permission" in q for q in sql(replica_queries))

    def test_writes_inside_replica_reads_go_to_the_primary(self, dataset, replica):
        """The report exports write nothing (aggregates only, see test_exports), but a write
        made inside the block, such as the ExportLog row of a personal-data export or a row
        read from the replica and saved again, lands on the primary."""
        user = AdminFactory()
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(replica) as replica_queries,
            replica_reads(),
        ):
            province = Province.objects.get(code="93")
            assert province._state.db == "replica"
            province.short_name = "Hậu Giang mới"
            province.save(update_fields=["short_name"])
            log = export_log_record(user=user, export="Báo cáo thử", file_format="xlsx")
        assert any(q.startswith('UPDATE "teams_province"') for q in writes(primary))
        assert any(q.startswith('INSERT INTO "accounts_exportlog"') for q in writes(primary))
        assert writes(replica_queries) == []
        assert any('FROM "teams_province"' in q for q in sql(replica_queries))
        assert log._state.db == "default"
        assert ExportLog.objects.using("default").get().pk == log.pk


# -- Falling back to the primary when the replica is unfit ------------------------------------


@pytest.fixture
def replica_health_reset():
    from lms.core import replica_health

    replica_health.forget(REPLICA_ALIAS)
    yield replica_health
    replica_health.forget(REPLICA_ALIAS)


@with_replica
class FallbackTests:
    def test_a_lagging_replica_sends_reads_to_the_primary_with_a_log_line(
        self, replica_health_reset, monkeypatch, caplog, settings
    ):
        settings.REPLICA_MAX_LAG_SECONDS = 30
        monkeypatch.setattr(replica_health_reset, "measure_lag", lambda alias: 31.0)
        with override_settings(DATABASES=WITH_REPLICA), replica_reads():
            assert ReplicaRouter().db_for_read(Province) is None
            assert report_db_alias() == "default"
        assert "lags 31.0 s (bound 30 s): reports read from the primary" in caplog.text

    def test_a_replica_that_does_not_answer_is_not_used_and_the_answer_is_cached(
        self, replica_health_reset, monkeypatch, caplog
    ):
        calls = []
        monkeypatch.setattr(replica_health_reset, "measure_lag", lambda alias: calls.append(alias))
        with override_settings(DATABASES=WITH_REPLICA):
            for _ in range(3):
                with replica_reads():
                    assert ReplicaRouter().db_for_read(Province) is None
        assert calls == ["replica"]  # measured once, not per block or per query
        assert "does not answer: reports read from the primary" in caplog.text

    def test_a_healthy_replica_within_the_bound_is_used(self, replica_health_reset, monkeypatch):
        monkeypatch.setattr(replica_health_reset, "measure_lag", lambda alias: 2.0)
        with override_settings(DATABASES=WITH_REPLICA), replica_reads():
            assert ReplicaRouter().db_for_read(Province) == "replica"

    def test_a_decorated_read_that_fails_on_the_replica_runs_again_on_the_primary(
        self, replica_health_reset, monkeypatch, caplog
    ):
        from django.db import OperationalError

        lags = iter([0.0, None])  # healthy on the way in, gone when the read fails
        monkeypatch.setattr(replica_health_reset, "measure_lag", lambda alias: next(lags))
        seen = []

        @replica_reads()
        def read():
            seen.append(replica_alias())
            if seen[-1] == "replica":
                raise OperationalError("server closed the connection unexpectedly")
            return "figures"

        with override_settings(DATABASES=WITH_REPLICA):
            assert read() == "figures"
        assert seen == ["replica", None]
        assert "failed (server closed the connection unexpectedly)" in caplog.text

    def test_an_error_that_is_not_the_replicas_is_raised(self, replica_health_reset, monkeypatch):
        from django.db import IntegrityError

        monkeypatch.setattr(replica_health_reset, "measure_lag", lambda alias: 0.0)

        @replica_reads()
        def read():
            raise IntegrityError("a real bug")

        with override_settings(DATABASES=WITH_REPLICA), pytest.raises(IntegrityError):
            read()
