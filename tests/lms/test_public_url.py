"""LMS_PUBLIC_BASE_URL: production refuses to start (``check --deploy``) without a public
address people elsewhere can open; development keeps working with a loopback one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lms.core.public_url import public_base_url_check, public_url, unreachable_reason

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
        "http://0.0.0.0:8000",
        "http://127.10.0.1",
        "https://app.localhost",
        "hoc.example.vn",
        "ftp://hoc.example.vn",
    ],
)
def test_unreachable_addresses_fail_the_deploy_check(settings, url):
    settings.DEBUG = False
    settings.LMS_PUBLIC_BASE_URL = url
    errors = public_base_url_check()
    assert [error.id for error in errors] == ["lms.E001"]
    assert errors[0].level == checks.ERROR


@pytest.mark.parametrize(
    "url", ["https://hoc.tocongnghe.gov.vn", "http://10.0.0.5:8123", "http://192.168.1.20/"]
)
def test_public_addresses_pass(settings, url):
    settings.DEBUG = False
    settings.LMS_PUBLIC_BASE_URL = url
    assert public_base_url_check() == []
    assert unreachable_reason(url) is None


def test_development_may_use_loopback(settings):
    settings.DEBUG = True
    settings.LMS_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    assert public_base_url_check() == []


def test_check_deploy_runs_it(settings):
    settings.DEBUG = False
    settings.LMS_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    with pytest.raises(SystemCheckError, match="lms.E001"):
        call_command("check", deploy=True, tags=[checks.Tags.security])
    settings.LMS_PUBLIC_BASE_URL = "https://hoc.tocongnghe.gov.vn"
    try:
        call_command("check", deploy=True, tags=[checks.Tags.security])
    except SystemCheckError as error:
        assert "lms.E001" not in str(error)


def test_public_url_joins_without_double_slash(settings):
    settings.LMS_PUBLIC_BASE_URL = "http://10.0.0.5:8123/"
    assert public_url("/chung-nhan/tra-cuu/x/") == "http://10.0.0.5:8123/chung-nhan/tra-cuu/x/"


def test_setting_comes_from_the_environment():
    """``make run`` sets LMS_PUBLIC_BASE_URL from HOST and PORT; production settings read it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_PUBLIC_BASE_URL": "http://10.0.0.5:8123/",
    }
    env.pop("WAGTAILADMIN_BASE_URL", None)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.LMS_PUBLIC_BASE_URL, settings.WAGTAILADMIN_BASE_URL)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["http://10.0.0.5:8123", "http://10.0.0.5:8123"], out.stderr
