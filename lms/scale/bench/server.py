"""Scenarios through a real server: gunicorn on a free loopback port, against the same
database, with plain HTTP clients. Used on PostgreSQL only (an SQLite test database is not
visible to another process).

The server runs with ``lms.settings.bench_http`` (production without what only makes sense
behind a TLS proxy) and this process's SECRET_KEY, so that sessions and tokens minted here are
valid there.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager

from django.conf import settings
from django.test import Client

from .learners import PAGE_NAMES, page_results, page_urls
from .measure import LOGIN_BACKEND, NO_LEARNER, Result

SERVER_SETTINGS = "lms.settings.bench_http"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(*, workers=4, timeout=60):
    """A gunicorn on 127.0.0.1 against the same database, with this process's SECRET_KEY so
    the sessions and tokens minted here are valid there."""
    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url(),
        }
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(process, port, workers)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process, port, workers):
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode()[-2000:])
        try:
            status, _body = http_get(port, "/healthz")
            if status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not answer within 60 s")
        time.sleep(0.3)
    # Let every worker boot before timing (each imports Django and Wagtail).
    for _n in range(workers * 2):
        http_get(port, "/healthz")


def database_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        user = urllib.parse.quote(db.get("USER") or "")
        password = urllib.parse.quote(db.get("PASSWORD") or "")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{db['NAME']}"
    return os.environ.get("DATABASE_URL", "")


def http_get(port, path, *, cookies=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": "127.0.0.1"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def http_post(port, path, data, *, cookies, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        body = urllib.parse.urlencode(data)
        headers = {
            "Host": "127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        }
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        conn.close()


def session_cookie(user):
    """A signed-in session for ``user`` in the shared session store, as a cookie dict."""
    client = Client()
    client.force_login(user, backend=LOGIN_BACKEND)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def bench_pages_http(*, port, repeat, target_ms=300):
    user, urls = page_urls()
    if user is None:
        return [Result(name=f"{n}_http", note=str(NO_LEARNER)) for n in PAGE_NAMES]
    cookies = session_cookie(user)

    def time_page(url, statuses):
        path = urllib.parse.urlsplit(url).path
        http_get(port, path, cookies=cookies)  # warm-up
        timings = []
        for _n in range(max(repeat, 1)):
            start = time.perf_counter()
            status, _body = http_get(port, path, cookies=cookies)
            timings.append((time.perf_counter() - start) * 1000)
            statuses.add(status)
        return timings, None

    return page_results("http", urls, time_page, target_ms=target_ms)
