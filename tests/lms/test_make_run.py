"""``make run`` and ``make setup`` as a person uses them, in a shell, on a fresh SQLite file.

One flow (each step needs the previous one's database): ``make run`` serves the site *and* a
task worker that really runs a queued job, and one Ctrl-C (SIGINT to the terminal's process
group) stops both; the pre-2025 address of the demo ward resolves out of the box; a merge and
an edit survive re-running ``make setup``.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
DEADLINE = 600  # seconds: make setup on a loaded 2-core machine; we poll, never sleep blindly


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "TASKS_BACKEND"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LMS_VAR_DIR=str(tmp_path),
        VENV=str(Path(sys.executable).parent.parent),
        PYTHONUNBUFFERED="1",
    )
    return env


def _shell(env, code):
    """Run ``code`` in ``manage.py shell`` against the flow's database; its last line is JSON."""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _until(predicate, what, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"waited {timeout} s for {what}")


def _group_commands(pgid):
    commands = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            commands.append(cmdline)
    return commands


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return None


STATE = (
    "import json; from teams.models import Hamlet, CommunityTeam, Member; "
    "print(json.dumps({'h': sorted(Hamlet.objects.values_list('pk', 'name', 'is_active')), "
    "'t': sorted(CommunityTeam.objects.values_list('pk', 'hamlet_id', 'status')), "
    "'m': sorted(Member.objects.values_list('pk', 'full_name'))}))"
)

MERGE_AND_EDIT = (
    "import json, datetime; from teams.models import Hamlet, Member; "
    "from teams.services import hamlet_merge, member_update; "
    "hs = list(Hamlet.objects.filter(is_active=True, teams__isnull=False).order_by('pk')[:2]); "
    "hamlet_merge(hamlets=hs, merged_on=datetime.date(2026, 6, 1), name='Khu phố Gộp', "
    "kind=hs[0].kind); "
    "member_update(member=Member.objects.get(phone='0912000005'), full_name='Tên Đã Sửa'); "
    "print(json.dumps([h.pk for h in hs]))"
)

ENQUEUE = (
    "import json; from courses.models import CoursePage; from lms.accounts.models import User; "
    "from certificates.services import certificates_bulk_issue_enqueue; "
    "job = certificates_bulk_issue_enqueue(course=CoursePage.objects.live().first(), "
    "by=User.objects.get(username='admin')); print(json.dumps(job.pk))"
)


def test_make_run_serves_with_a_worker_and_setup_keeps_changes(tmp_path):
    env = _env(tmp_path)
    port = _free_port()
    make = subprocess.Popen(
        ["make", "-s", "run", f"PORT={port}", f"VENV={env['VENV']}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    try:
        _until(lambda: _get(f"http://127.0.0.1:{port}/") == 200, "the site to answer")
        assert any("db_worker" in c for c in _group_commands(make.pid)), "no worker running"

        # The worker really runs queued work: a bulk issue job reaches its end.
        job = _shell(env, ENQUEUE)
        status = (
            "import json; from certificates.models import BulkIssueJob; "
            f"print(json.dumps(BulkIssueJob.objects.get(pk={job}).status))"
        )
        _until(lambda: _shell(env, status) not in ("queued", "running"), "the job to finish")

        # Pre-2025 addresses out of the box.
        resolved = _shell(
            env,
            "import json; from teams.selectors import address_resolve; "
            "print(json.dumps(address_resolve("
            "'xã Vị Tân, thành phố Vị Thanh, tỉnh Hậu Giang').ward.code))",
        )
        assert resolved == "31333"

        os.killpg(make.pid, signal.SIGINT)  # one Ctrl-C
        make.wait(timeout=60)
        _until(lambda: not _group_commands(make.pid), "the site and worker to stop", 60)
    finally:
        if make.poll() is None or _group_commands(make.pid):
            os.killpg(make.pid, signal.SIGKILL)

    merged = _shell(env, MERGE_AND_EDIT)
    before = _shell(env, STATE)
    subprocess.run(
        ["make", "-s", "setup", f"VENV={env['VENV']}"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    after = _shell(env, STATE)
    assert after == before
    assert not [h for h in after["h"] if h[0] in merged and h[2]]
    assert ["Tên Đã Sửa"] == [m[1] for m in after["m"] if m[1] == "Tên Đã Sửa"]
