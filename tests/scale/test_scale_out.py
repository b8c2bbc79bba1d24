"""The scale-out paths: task queue in the database with workers, Redis as the shared cache."""

import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from certificates.models import Certificate
from certificates.services import certificates_bulk_issue_enqueue
from courses.models import CourseCompletion, CoursePage
from lms.scale.generator import generate
from tests.factories.accounts import AdminFactory

from .sample_tasks import add_numbers

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker closes "old" connections between tasks; inside a test's transaction on
    PostgreSQL that would close the connection the test itself is using."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_task_is_stored_run_by_a_worker_and_its_result_visible():
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    result = add_numbers.enqueue(2, 3)
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == TaskResultStatus.READY

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
    assert add_numbers.get_result(result.id).return_value == 5


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_bulk_certificates_go_through_the_queue(scale_units):
    """The real bulk issue: queued by the service, issued by a worker, progress on the job."""
    generate(preset="small", seed=1)
    course = CoursePage.objects.filter(code__startswith="QM-").order_by("code").first()
    waiting = CourseCompletion.objects.filter(course=course).exclude(
        member__certificates__course=course
    )
    expected = waiting.count()
    assert expected > 0
    job = certificates_bulk_issue_enqueue(course=course, by=AdminFactory())
    assert Certificate.objects.filter(bulk_job=job).count() == 0

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    job.refresh_from_db()
    assert job.status == "done"
    assert Certificate.objects.filter(bulk_job=job).count() == expected == job.done
    assert not waiting.exists()


def _settings_in_subprocess(env):
    code = (
        "import lms.settings.dev as s; "
        "print(s.CACHES['default']['BACKEND']); print(getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db'))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return output[0], output[1]


def test_redis_url_selects_the_redis_cache_and_cache_sessions(monkeypatch):
    import os

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    backend, sessions = _settings_in_subprocess(env)
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert sessions == "django.contrib.sessions.backends.db"

    backend, sessions = _settings_in_subprocess({**env, "REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cache"


def _redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_cache_round_trip():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "lms-test"})
    cache.set("scale-check", {"ok": "Vị Tân"}, 30)
    assert cache.get("scale-check") == {"ok": "Vị Tân"}
    cache.delete("scale-check")
    assert cache.get("scale-check") is None
