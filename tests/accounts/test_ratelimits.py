"""One rate-limit mechanism (lms.core.ratelimit): shared by every process through Redis, keyed
on the real client behind the proxy, and used by the certificate lookup, the password-reset
e-mails and the sign-in address block; the deploy check refuses a process-local cache."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from lms.accounts.checks import shared_cache_check
from tests.factories.accounts import PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/9"  # a db of its own: only it is flushed
PROXY = "10.0.0.254"
RESET = "/accounts/quen-mat-khau/"
LOGIN = "/accounts/dang-nhap/"

WORKER = textwrap.dedent(
    """
    import json, os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    import django
    django.setup()
    from django.test.utils import override_settings
    cache_url, limit_count, hits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if cache_url == "locmem":
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                              "LOCATION": cache_url, "KEY_PREFIX": "lms-test-ratelimit"}}
    with override_settings(CACHES=caches):
        from lms.core import ratelimit
        limit = ratelimit.Limit("test-shared", limit_count, 600)
        ratelimit.count(limit, "warm-up")  # connected before the start signal
        print("ready", flush=True)
        sys.stdin.readline()  # both processes start hitting together
        allowed = sum(not ratelimit.hit_and_check(limit, "203.0.113.7") for _ in range(hits))
        total = ratelimit.count(limit, "203.0.113.7")
    print(json.dumps({"allowed": allowed, "total": total}))
    """
)


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    return client


def _run_workers(cache_url, *, processes=2, limit=50, hits=120):
    """Start the processes, wait until each says "ready", then release them at once."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, cache_url, str(limit), str(hits)],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        allowed.append(json.loads(out.strip().splitlines()[-1]))
    return [r["allowed"] for r in allowed], max(r["total"] for r in allowed)


class SharedAcrossProcessesTests:
    def test_two_processes_on_one_redis_get_exactly_the_limit(self):
        client = _redis()
        client.flushdb()
        try:
            allowed, total = _run_workers(REDIS_URL, limit=50, hits=120)
        finally:
            client.flushdb()
        assert sum(allowed) == 50, allowed
        # Every hit of both processes went into the one counter.
        assert total == 2 * 120

    def test_process_local_cache_would_give_the_limit_per_process(self):
        # What the deploy check below refuses: two workers, two counters, twice the limit.
        assert _run_workers("locmem", limit=50, hits=120) == ([50, 50], 120)


class SharedCacheCheckTests:
    def test_process_local_cache_is_refused_in_production(self, settings):
        settings.DEBUG = False
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        errors = shared_cache_check()
        assert [e.id for e in errors] == ["accounts.E001"]
        assert "REDIS_URL" in errors[0].hint
        with pytest.raises(SystemCheckError, match="accounts.E001"):
            call_command("check", deploy=True, tags=["caches"])

    def test_redis_passes_and_debug_is_not_checked(self, settings):
        settings.DEBUG = False
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
        assert shared_cache_check() == []
        settings.DEBUG = True
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        assert shared_cache_check() == []

    def test_check_runs_only_with_deploy(self, settings):
        settings.DEBUG = False
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        call_command("check", tags=["caches"])  # no error without --deploy


@pytest.mark.django_db
class BehindTheProxyTests:
    """``LMS_TRUSTED_PROXY_COUNT=1``: every client arrives from the proxy's REMOTE_ADDR."""

    @pytest.fixture(autouse=True)
    def _proxy(self, settings):
        settings.LMS_TRUSTED_PROXY_COUNT = 1

    def _lookup(self, client, ip, q="0001/2026/X"):
        return client.get(
            reverse("certificates:verify"),
            {"q": q},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ip,
        )

    def test_certificate_lookups_have_one_bucket_per_client(self, client):
        for i in range(30):
            assert self._lookup(client, "198.51.100.1", f"{i:04d}/2026/X").status_code == 404
        assert self._lookup(client, "198.51.100.1").status_code == 429
        # Another citizen behind the same proxy is not affected.
        for _ in range(30):
            assert self._lookup(client, "198.51.100.2").status_code == 404
        assert self._lookup(client, "198.51.100.2").status_code == 429

    def test_a_forged_left_entry_does_not_open_a_new_bucket(self, client):
        for i in range(30):
            self._lookup(client, f"1.1.1.{i}, 198.51.100.9")
        assert self._lookup(client, "9.9.9.9, 198.51.100.9").status_code == 429

    def test_password_reset_requests_have_one_bucket_per_client(self, client, settings):
        for i in range(settings.LMS_PASSWORD_RESET_PER_ADDRESS):
            response = client.post(
                RESET,
                {"email": f"khong-co-{i}@example.vn"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR="198.51.100.3",
            )
            assert response.status_code == 302
        response = client.post(
            RESET, {"email": "x@example.vn"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.3"
        )
        assert response.status_code == 429
        assert "quá nhiều yêu cầu đặt lại mật khẩu" in response.content.decode()
        user = UserFactory(email="lan@example.vn")
        response = client.post(
            RESET, {"email": user.email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.4"
        )
        assert response.status_code == 302
        assert len(mail.outbox) == 1

    def test_sign_in_address_block_has_one_bucket_per_client(self, client, settings):
        settings.LMS_SIGNIN_ADDRESS_FAILURES = 10
        member = UserFactory()

        def sign_in(login, password, forwarded_for):
            return client.post(
                LOGIN,
                {"username": login, "password": password},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )

        for i in range(10):
            sign_in(f"khong-co-{i}@example.vn", "sai", "198.51.100.5")
        assert sign_in(member.username, PASSWORD, "198.51.100.5").status_code == 429
        assert sign_in(member.username, PASSWORD, "198.51.100.6").status_code == 302


@pytest.mark.django_db
class PasswordResetLimitTests:
    def test_per_account_limit_sends_nothing_more_and_reveals_nothing(self, client, settings):
        user = UserFactory(email="mai@example.vn")
        per_account = settings.LMS_PASSWORD_RESET_PER_ACCOUNT
        for n in range(per_account):
            response = client.post(RESET, {"email": user.email}, REMOTE_ADDR=f"10.4.0.{n}")
            assert response.status_code == 302
        assert len(mail.outbox) == per_account
        # From yet another address, spelled differently: the same account, nothing sent.
        over = client.post(RESET, {"email": "MAI@example.vn"}, REMOTE_ADDR="10.4.1.1")
        unknown = client.post(RESET, {"email": "khong-co@example.vn"}, REMOTE_ADDR="10.4.1.2")
        assert len(mail.outbox) == per_account
        assert over.status_code == unknown.status_code == 302
        assert over["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")

    def test_unknown_addresses_are_counted_like_real_ones(self, client, settings):
        per_account = settings.LMS_PASSWORD_RESET_PER_ACCOUNT
        for n in range(per_account + 1):
            client.post(RESET, {"email": "ai-do@example.vn"}, REMOTE_ADDR=f"10.4.2.{n}")
        # The account is created afterwards: its window is still used up, as for a real one.
        UserFactory(email="ai-do@example.vn")
        client.post(RESET, {"email": "ai-do@example.vn"}, REMOTE_ADDR="10.4.3.1")
        assert len(mail.outbox) == 0
