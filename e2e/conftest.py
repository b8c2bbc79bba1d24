"""End-to-end tests: a real server on a free port with a fresh database and the demo data,
driven by Playwright in Debian's Chromium (never a downloaded browser)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS = BASE_DIR / "var" / "e2e"
AXE_JS = BASE_DIR / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
DEMO_PASSWORD = "Demo@2026"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


@pytest.fixture(scope="session")
def live_server_url():
    """Fresh SQLite database under var/e2e, migrated and seeded, served by runserver."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data_dir = ARTIFACTS / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_VAR_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "AXES_FAILURE_LIMIT": "50",
    }
    env.pop("REDIS_URL", None)
    _manage("migrate", "--noinput", "-v0", env=env)
    _manage("load_admin_units", "-v0", env=env)
    _manage("seed_demo", "-v0", env=env)
    port = _free_port()
    log = open(ARTIFACTS / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError("The e2e server did not start; see var/e2e/server.log")
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_server_url, viewport):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], base_url=live_server_url, locale="vi-VN"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.viewport_name = viewport
    yield page
    context.close()


def shot(page, flow, name):
    """Save a screenshot as a CI artifact: var/e2e/<flow>/<viewport>-<name>.png"""
    folder = ARTIFACTS / flow
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{page.viewport_name}-{name}.png"), full_page=True)


def sign_in(page, login, password=DEMO_PASSWORD):
    page.goto("/accounts/dang-nhap/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def open_menu(page):
    """On a phone the navigation sits behind the "Danh mục" disclosure; open it like a user."""
    toggle = page.locator("details.nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("open") is None:
        toggle.locator("summary").click()


def check_accessibility(page):
    """Run axe-core (from node_modules) in the page; fail on serious or critical violations.

    axe is served from a same-origin URL intercepted by Playwright, so the page's Content
    Security Policy (script-src 'self', no inline scripts) stays in force during the check."""
    page.route(
        "**/__e2e__/axe.min.js",
        lambda route: route.fulfill(path=str(AXE_JS), content_type="application/javascript"),
    )
    page.add_script_tag(url="/__e2e__/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(
        [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in bad
        ],
        ensure_ascii=False,
        indent=1,
    )


def assert_no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport_width = page.viewport_size["width"]
    assert width <= viewport_width, f"page is {width}px wide in a {viewport_width}px viewport"
