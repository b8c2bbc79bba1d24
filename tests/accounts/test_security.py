"""HTTP hardening: CSP on public pages and the admin, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.accounts import AdminFactory

BASE_DIR = Path(__file__).resolve().parents[2]


def _csp(response):
    return dict(
        part.strip().split(" ", 1) if " " in part.strip() else (part.strip(), "")
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.django_db
def test_public_pages_forbid_inline_scripts_and_carry_none(client, site_pages):
    for url in ["/", "/accounts/dang-nhap/", "/accounts/kich-hoat/", "/accounts/quen-mat-khau/"]:
        response = client.get(url)
        policy = _csp(response)
        assert policy["script-src"] == "'self'", url
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        html = response.content.decode()
        # Every <script> has a src: nothing inline for the policy to block.
        import re

        inline = [
            s for s in re.findall(r"<script\b([^>]*)>", html) if "src=" not in s and "json" not in s
        ]
        assert inline == [], url


@pytest.mark.django_db
def test_admin_gets_inline_scripts_and_nothing_else(client):
    client.force_login(AdminFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _csp(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" in policy["script-src"]
    assert "'self'" in policy["script-src"]
    assert "http" not in policy["script-src"]
    assert policy["object-src"] == "'none'"


def test_production_hardening_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="tocongnghe.example.vn",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_CONTENT_TYPE_NOSNIFF, "
        "s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "same-origin",
        "DENY",
        "True",
    ]
