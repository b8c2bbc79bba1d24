import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from wagtail.models import Page

from lms.accounts.models import User
from tests.factories.accounts import PASSWORD, AdminFactory

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
class HomePageTests:
    def test_home_renders_in_vietnamese_by_default(self, client, site_pages):
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="vi"' in html
        assert "Tổ công nghệ số cộng đồng: học để giúp người dân dùng dịch vụ số" in html
        assert "Đăng nhập" in html

    def test_home_renders_in_english_after_switching(self, client, site_pages):
        response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert response.status_code == 302
        html = client.get("/").content.decode()
        assert '<html lang="en"' in html
        assert "Sign in" in html
        assert "Community Digital Technology Teams" in html

    def test_news_section_lists_published_news_with_ddmmyyyy_dates(self, client, site_pages):
        response = client.get(reverse("pages:news"), follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Cảnh báo thủ đoạn giả danh cơ quan công an" in html
        assert "15/04/2026" in html

    def test_about_page_renders_stream_blocks(self, client, site_pages):
        response = client.get("/gioi-thieu/")
        assert response.status_code == 200
        assert 'class="callout callout--tip"' in response.content.decode()


@pytest.mark.django_db
def test_admin_login_works(client):
    admin = AdminFactory(username="quantri")
    response = client.post(
        "/admin/login/", {"username": "quantri", "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert int(client.session["_auth_user_id"]) == admin.pk


@pytest.mark.django_db
def test_healthz_answers_200_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_database_fails(client):
    with mock.patch("lms.core.health.connection") as connection:
        connection.cursor.side_effect = DatabaseError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def _run(args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run(["manage.py", "check"], {"DJANGO_SETTINGS_MODULE": "lms.settings.production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_check_deploy_is_clean_with_settings_set(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    credential_key = tmp_path / "credential-key.pem"
    credential_key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "DJANGO_SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-9f8e7d6c5b4a",
            "ALLOWED_HOSTS": "tocongnghe.example.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            # Production shares its cache (rate limits) and prints its public address.
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "LMS_PUBLIC_BASE_URL": "https://tocongnghe.example.vn",
            # The issuing body's PDF signing key and the credentials' Ed25519 key (issue 20).
            "LMS_SIGNING_KEYS": '{"default": {"pkcs12": "/etc/lms/so.p12", '
            '"passphrase_env": "LMS_SIGNING_PASSPHRASE"}}',
            "LMS_CREDENTIAL_KEY_FILE": str(credential_key),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_demo_loader_is_idempotent(admin_units):
    call_command("seed_demo", verbosity=0)
    counts = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == counts
    assert counts["users"] >= 6
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def _counts():
    from django.apps import apps

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"teams", "courses", "certificates", "pages", "accounts"}
    }
    counts["pages"] = Page.objects.count()
    counts["users"] = User.objects.count()
    return counts


@pytest.mark.django_db
def test_load_admin_units_gives_34_provinces_and_3321_wards(admin_units):
    from teams.models import Province, Ward

    call_command("load_admin_units", verbosity=0)
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321
    assert Ward.objects.get(code="31333").name == "Phường Vị Tân"
