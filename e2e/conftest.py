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
import warnings
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


def server_env(data_dir):
    """The environment of the e2e server, also used by ``django_shell`` to reach its database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_VAR_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{Path(data_dir) / 'db.sqlite3'}",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "AXES_FAILURE_LIMIT": "50",
    }
    env.pop("REDIS_URL", None)
    return env


_DATA_DIR = {"path": Path(os.environ.get("E2E_DATA_DIR", ARTIFACTS / "data"))}


def django_shell(code):
    """Run Python in the e2e server's database (``manage.py shell -c``) and return its output.

    Only for putting the demo data back into the state a flow starts from, so each flow can
    run on both viewports; everything a user does goes through the browser."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=server_env(_DATA_DIR["path"]),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


@pytest.fixture(scope="session")
def live_server_url():
    """Fresh SQLite database under var/e2e, migrated and seeded, served by runserver.

    While writing flows, point E2E_SERVER_URL (and E2E_DATA_DIR) at a server you started on
    a seeded copy of the database to skip the minute of migrating and seeding."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if os.environ.get("E2E_SERVER_URL"):
        yield os.environ["E2E_SERVER_URL"].rstrip("/")
        return
    data_dir = ARTIFACTS / "data"
    _DATA_DIR["path"] = data_dir
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = server_env(data_dir)
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


def new_page(browser, base_url, viewport):
    """A page in a fresh browser context (its own cookies): a second person, or a phone that
    has never signed in. Vietnamese, like the people using it."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        base_url=base_url,
        locale="vi-VN",
        extra_http_headers={"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.viewport_name = viewport
    return page


@pytest.fixture
def page(browser, live_server_url, viewport):
    page = new_page(browser, live_server_url, viewport)
    yield page
    page.context.close()


@pytest.fixture
def second_page(browser, live_server_url, viewport):
    """Another person on the same kind of device, in their own browser context."""
    page = new_page(browser, live_server_url, viewport)
    yield page
    page.context.close()


@pytest.fixture
def third_page(browser, live_server_url, viewport):
    page = new_page(browser, live_server_url, viewport)
    yield page
    page.context.close()


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


# Serious violations found in templates owned by other apps, waiting for their owners (each
# entry: axe rule id, a CSS selector fragment of the offending node, the template to fix).
# They are reported, not failed, so the suite stays green while the fix is pending; set
# E2E_STRICT_AXE=1 to fail on them too. Remove an entry as soon as its template is fixed.
KNOWN_VIOLATIONS = []


def _known(rule, target):
    if os.environ.get("E2E_STRICT_AXE"):
        return False
    return any(rule == r and fragment in target for r, fragment, _where in KNOWN_VIOLATIONS)


def check_accessibility(page):
    """Run axe-core (from node_modules) in the page; fail on serious or critical violations.

    axe is served from a same-origin URL intercepted by Playwright, so the page's Content
    Security Policy (script-src 'self', no inline scripts) stays in force during the check."""
    page.wait_for_load_state("load")
    page.route(
        "**/__e2e__/axe.min.js",
        lambda route: route.fulfill(path=str(AXE_JS), content_type="application/javascript"),
    )
    page.add_script_tag(url="/__e2e__/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [n for n in violation["nodes"] if not _known(violation["id"], str(n["target"]))]
        if len(nodes) < len(violation["nodes"]):
            warnings.warn(
                f"known accessibility violation {violation['id']} on {page.url} (KNOWN_VIOLATIONS)",
                stacklevel=2,
            )
        if nodes:
            bad.append({**violation, "nodes": nodes})
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


# Controls a finger must hit: buttons, button-styled links, menu links, disclosure toggles,
# form fields and quiz answers. Links inside running text are exempt (WCAG 2.5.8 "inline").
TOUCH_TARGETS = (
    "a.button, button:not([disabled]), input[type=submit], summary, select, textarea, "
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), "
    ".site-nav a, label.question__option, label.field__check"
)


def assert_touch_targets(page, selector=TOUCH_TARGETS, minimum=44):
    """Every visible control is at least ``minimum`` CSS pixels tall (and buttons as wide)."""
    sizes = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null && !el.closest('[hidden], .skip-link'))
            .map(el => {
                const box = el.getBoundingClientRect();
                return [el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 40),
                        Math.round(box.height), Math.round(box.width)];
            })""",
        selector,
    )
    small = [(name, h, w) for name, h, w in sizes if h < minimum or w < minimum]
    assert not small, f"touch targets under {minimum}px on {page.url}: {small}"


def check_page(page, flow, name, *, axe=True, touch=False):
    """What every visited page must satisfy: no sideways scrolling on a phone, no serious
    accessibility violation, optionally finger-sized controls; then a screenshot."""
    page.wait_for_load_state("load")
    if page.viewport_name == "phone":
        assert_no_horizontal_scroll(page)
    if touch:
        assert_touch_targets(page)
    if axe:
        check_accessibility(page)
    shot(page, flow, name)
