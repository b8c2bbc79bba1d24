"""The reports against a real streaming replica (tools/replica.sh), and the fall back when it stops.

Opt-in: ``REPLICA_TEST=1`` with PostgreSQL as the database and ``pg_basebackup`` installed; the
primary must accept replication connections from 127.0.0.1 (see tools/replica.sh). The replica
is cloned into a temporary directory once per module and removed afterwards.
"""

import contextlib
import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from lms.core import replica_health
from lms.core.db_router import REPLICA_ALIAS
from tests.factories.accounts import AdminFactory

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "replica.sh"
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
DEADLINE = 120  # seconds, for the clone, the start and catching up

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("REPLICA_TEST") != "1", reason="opt-in: set REPLICA_TEST=1 to run"
    ),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL",
    ),
    pytest.mark.skipif(not Path(PG_BIN, "pg_basebackup").exists(), reason="needs pg_basebackup"),
    pytest.mark.django_db(transaction=True),  # the replica only sees committed rows
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def until(condition, what):
    deadline = time.monotonic() + DEADLINE
    while not (result := condition()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
    return result


@pytest.fixture(scope="module")
def replica_server(django_db_setup, django_db_blocker):
    """Clone the primary (with the test database already created on it) and start the copy."""
    primary = settings.DATABASES["default"]
    directory = tempfile.mkdtemp(prefix="lms-replica-")
    env = {
        **os.environ,
        "REPLICA_DIR": directory,
        "REPLICA_PORT": str(free_port()),
        "PRIMARY_HOST": primary.get("HOST") or "127.0.0.1",
        "PRIMARY_PORT": str(primary.get("PORT") or 5432),
        "PRIMARY_USER": primary.get("USER") or "postgres",
        "PG_BIN": PG_BIN,
    }

    def run(command):
        return subprocess.run(
            [str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=DEADLINE
        )

    started = run("start")
    if "refuses replication" in started.stderr:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.skip(started.stderr.strip())
    assert started.returncode == 0, started.stderr
    try:
        yield {"port": int(env["REPLICA_PORT"]), "run": run}
    finally:
        run("destroy")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def replica(transactional_db, replica_server, monkeypatch):
    """DATABASES["replica"]: the test database, on the replica's port."""
    config = copy.deepcopy(connections["default"].settings_dict)
    config.update(PORT=replica_server["port"], HOST="127.0.0.1", CONN_MAX_AGE=0)
    config["TEST"] = {"MIRROR": "default"}
    if replica_server["run"]("status").returncode != 0:
        assert replica_server["run"]("start").returncode == 0
    monkeypatch.setitem(settings.DATABASES, REPLICA_ALIAS, config)
    monkeypatch.setitem(connections.settings, REPLICA_ALIAS, config)
    # A fresh wrapper: Django's test case forbids connections to aliases it did not set up by
    # patching the wrappers that existed then; the replica is read-only and needs no flush.
    with contextlib.suppress(AttributeError):
        del connections[REPLICA_ALIAS]
    allow_replica_connections(monkeypatch)
    replica_health.forget(REPLICA_ALIAS)
    yield replica_server
    connections[REPLICA_ALIAS].close()
    with contextlib.suppress(AttributeError):
        del connections[REPLICA_ALIAS]
    allow_replica_connections(monkeypatch)
    replica_health.forget(REPLICA_ALIAS)


def allow_replica_connections(monkeypatch):
    """Add the replica to the running test case's ``databases``.

    Django's test case refuses connections to aliases outside it (a patched
    ``ensure_connection`` that reads the class); declaring it in the mark instead would make
    pytest-django set the alias up before this module's replica exists. A mirror is not
    flushed after the test."""
    patched = BaseDatabaseWrapper.ensure_connection
    cells = dict(zip(patched.__code__.co_freevars, patched.__closure__ or (), strict=True))
    if "cls" in cells:
        case = cells["cls"].cell_contents
        monkeypatch.setattr(case, "databases", {*case.databases, REPLICA_ALIAS})


def on(port, sql):
    """One statement on the test database at ``port``, in its own connection."""
    database = connections["default"]
    params = {**database.get_connection_params(), "port": port, "host": "127.0.0.1"}
    with database.Database.connect(**params, autocommit=True) as connection:
        return connection.execute(sql).fetchone()


def primary_port():
    return int(settings.DATABASES["default"].get("PORT") or 5432)


def caught_up(replica):
    """Wait until the replica has replayed everything the primary has committed so far."""
    target = on(primary_port(), "SELECT pg_current_wal_lsn()::text")[0]
    until(
        lambda: on(replica["port"], f"SELECT pg_last_wal_replay_lsn() >= '{target}'")[0],
        "the replica to catch up",
    )


def fact_scans(port):
    """How often this server scanned the coverage facts (its own statistics)."""
    on(port, "SELECT pg_stat_clear_snapshot()")
    row = on(
        port,
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
        "WHERE relname = 'reports_coveragefact'",
    )
    return row[0] if row else 0


def read_on(port, request):
    """Run ``request``; wait for the server's counters (flushed when its sessions end)."""
    before = fact_scans(port)
    response = request()
    connections[REPLICA_ALIAS].close()  # its backend exits and flushes its statistics
    until(lambda: fact_scans(port) > before, f"a coverage read on port {port}")
    return response


PARAMS = {"period": "2026-q3", "province": "92"}


def test_reports_read_on_the_replica_and_fall_back_when_it_stops(client, dataset, replica, caplog):
    # One test: a transactional test empties the tables (Wagtail's root page too) after it.
    admin = AdminFactory()
    client.force_login(admin)  # the session is written on the primary
    caught_up(replica)
    assert on(replica["port"], "SELECT pg_is_in_recovery()")[0] is True
    url = reverse("reports_admin:coverage")

    screen = read_on(replica["port"], lambda: client.get(url, PARAMS))
    assert screen.status_code == 200
    assert "Phường Vị Tân" in screen.content.decode()

    export = read_on(replica["port"], lambda: client.get(url, {**PARAMS, "export": "xlsx"}))
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment")

    api = reverse("reports:api", args=["coverage"])
    data = read_on(replica["port"], lambda: client.get(api, PARAMS))
    assert data.status_code == 200
    assert data.json()["totals"]["trained"] == 3
    # Nothing was written on the (read-only) replica: a write there raises, and these answered
    # 200; the request's own writes (the session) are on the primary.
    assert on(primary_port(), "SELECT count(*) FROM django_session")[0] >= 1
    # Stop the replica: the next requests answer from the primary, with a log line.
    assert replica["run"]("stop").returncode == 0
    before = fact_scans(primary_port())
    started = time.monotonic()
    data = client.get(api, PARAMS)
    screen = client.get(url, PARAMS)
    elapsed = time.monotonic() - started
    connections["default"].close()  # its backend exits and flushes its statistics
    assert data.status_code == 200 and screen.status_code == 200
    assert data.json()["totals"]["trained"] == 3
    assert "Phường Vị Tân" in screen.content.decode()
    assert "reports read from the primary" in caplog.text
    until(lambda: fact_scans(primary_port()) > before, "a coverage read on the primary")
    assert elapsed < 10  # nothing waits on the dead replica
