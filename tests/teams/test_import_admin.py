"""The ways into the member import other than the service: the command line, and the admin
page's upload that waits in the database between the preview and the confirmation."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from teams.choices import TeamRole
from teams.models import Member, PendingImport
from teams.services import pending_import_store, pending_import_take
from teams.views import IMPORT_SESSION_KEY
from tests.factories.teams import MembershipFactory, TeamFactory
from tests.teams.member_files import csv_bytes, good_rows, state, xlsx_bytes


class CommandTests:
    def test_command_dry_run_then_real(self, area, tmp_path, capsys):
        path = tmp_path / "ds.xlsx"
        path.write_bytes(xlsx_bytes(good_rows()))
        call_command("import_members", str(path), "--dry-run")
        assert "Chạy thử" in capsys.readouterr().out
        assert not Member.objects.filter(phone="0912345001").exists()
        call_command("import_members", str(path), "--ward", "31333")
        assert Member.objects.filter(phone="0912345001").exists()

    def test_command_exits_non_zero_on_bad_rows(self, area, tmp_path, capsys):
        rows = good_rows()
        rows[1][3] = "12"
        path = tmp_path / "ds.csv"
        path.write_bytes(csv_bytes(rows))
        with pytest.raises(CommandError, match="không lưu gì"):
            call_command("import_members", str(path))
        assert "Dòng 3, cột D" in capsys.readouterr().err
        assert not Member.objects.filter(phone="0912345001").exists()

    def test_command_refuses_other_ward(self, area, tmp_path):
        path = tmp_path / "ds.xlsx"
        path.write_bytes(xlsx_bytes(good_rows()))
        with pytest.raises(CommandError):
            call_command("import_members", str(path), "--ward", "31321")

    def test_missing_file(self, db):
        with pytest.raises(CommandError, match="Không tìm thấy"):
            call_command("import_members", "/nonexistent/ds.xlsx")


# --- The upload between preview and confirmation (admin page) ------------------------------------

EXPIRED = "Phiên nhập đã hết hạn"


def preview(client, data=None):
    """The admin page's first step: upload, get the preview and its confirmation token."""
    upload = SimpleUploadedFile("ds.xlsx", data or xlsx_bytes(good_rows()))
    response = client.post(reverse("teams_member:import"), {"file": upload})
    assert response.status_code == 200 and "token" in response.context
    return response.context["token"]


def confirm(client, token):
    return client.post(reverse("teams_member:import"), {"token": token})


def refused(response):
    """Sent back to the upload form with the "expired" message."""
    flashed = [str(m) for m in get_messages(response.wsgi_request)]
    return (
        response.status_code == 302
        and response.url == reverse("teams_member:import")
        and any(EXPIRED in m for m in flashed)
    )


def age(token, **delta):
    PendingImport.objects.filter(pk=token).update(
        created_at=timezone.now() - datetime.timedelta(**delta)
    )


class PendingUploadTests:
    def test_file_waits_in_the_database_not_on_disk(self, client, area, users, settings, tmp_path):
        settings.VAR_DIR = tmp_path  # where the uploads used to wait
        client.force_login(users.ward_officer)
        data = xlsx_bytes(good_rows())
        token = preview(client, data)
        pending = PendingImport.objects.get()
        assert (pending.token, pending.user, pending.suffix) == (
            token,
            users.ward_officer,
            ".xlsx",
        )
        assert bytes(pending.data) == data
        assert list(tmp_path.iterdir()) == []
        # The session (shared by the app servers) holds the token and choices, not the file.
        assert client.session[IMPORT_SESSION_KEY] == {
            "token": token,
            "name": "ds.xlsx",
            "create_hamlets": False,
            "ward": area.vi_tan.pk,
            "encoding": "auto",
        }
        response = confirm(client, token)
        assert response.status_code == 302 and response.url == reverse("teams_member:index")
        assert Member.objects.filter(phone__in=["0912345001", "0912345002"]).count() == 2
        assert not PendingImport.objects.exists()
        assert IMPORT_SESSION_KEY not in client.session
        assert list(tmp_path.iterdir()) == []

    def test_token_cannot_be_replayed(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        session_data = client.session[IMPORT_SESSION_KEY]
        assert confirm(client, token).status_code == 302
        assert Member.objects.count() == 5
        assert refused(confirm(client, token))
        # Even with the session as it was (a second click racing the first), the row is gone.
        session = client.session
        session[IMPORT_SESSION_KEY] = session_data
        session.save()
        assert refused(confirm(client, token))
        assert Member.objects.count() == 5

    def test_another_users_token_is_refused(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        session_data = client.session[IMPORT_SESSION_KEY]
        client.force_login(users.province_officer)
        assert refused(confirm(client, token))  # not in their session
        session = client.session
        session[IMPORT_SESSION_KEY] = session_data  # even if it were
        session.save()
        assert refused(confirm(client, token))
        assert not Member.objects.filter(phone="0912345001").exists()
        # The owner's upload is untouched and still confirms.
        assert pending_import_take(user=users.province_officer, token=token) is None
        assert PendingImport.objects.filter(pk=token).exists()
        assert pending_import_take(user=users.ward_officer, token=token) is not None

    def test_token_other_than_the_sessions_is_refused(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        assert refused(confirm(client, "0" * 32))
        assert refused(confirm(client, "mã-giả"))  # non-ASCII: refused, not a server error
        assert PendingImport.objects.filter(pk=token).exists()
        assert confirm(client, token).url == reverse("teams_member:index")

    def test_upload_older_than_a_day_is_refused_and_dropped(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        age(token, days=1, minutes=1)
        assert refused(confirm(client, token))
        assert not Member.objects.filter(phone="0912345001").exists()
        assert not PendingImport.objects.exists()

    def test_new_preview_replaces_the_one_waiting(self, client, area, users):
        client.force_login(users.ward_officer)
        first = preview(client)
        second = preview(client)
        assert list(PendingImport.objects.values_list("pk", flat=True)) == [second]
        assert refused(confirm(client, first))
        assert confirm(client, second).url == reverse("teams_member:index")

    def test_confirmation_that_finds_errors_shows_them_and_drops_the_upload(
        self, client, area, users
    ):
        client.force_login(users.ward_officer)
        token = preview(client)
        # Between preview and confirmation Khu vực 2 gets a team with a leader; the file
        # names Hà as its leader.
        MembershipFactory(team=TeamFactory(hamlet=area.kv2), role=TeamRole.LEADER)
        before = state()
        response = confirm(client, token)
        assert response.status_code == 200
        assert [(e.row, e.column[0]) for e in response.context["report"].errors] == [(3, "G")]
        page = response.content.decode()
        assert "Tổ đã có tổ trưởng" in page and "Xác nhận nhập" not in page
        assert state() == before
        assert not PendingImport.objects.exists() and IMPORT_SESSION_KEY not in client.session
        assert refused(confirm(client, token))


class PendingServiceTests:
    def test_take_once_and_only_by_the_uploader(self, area, users):
        token = pending_import_store(user=users.ward_officer, data=b"a;b\n", suffix=".csv")
        assert len(token) == 32 and token.isalnum()
        assert pending_import_take(user=users.admin, token=token) is None
        assert pending_import_take(user=users.ward_officer, token=token) == (b"a;b\n", ".csv")
        assert pending_import_take(user=users.ward_officer, token=token) is None

    def test_storing_purges_uploads_older_than_a_day(self, area, users):
        old = pending_import_store(user=users.admin, data=b"1", suffix=".csv")
        recent = pending_import_store(user=users.ward_officer, data=b"2", suffix=".csv")
        age(old, hours=24, minutes=1)
        age(recent, hours=23)
        new = pending_import_store(user=users.province_officer, data=b"3", suffix=".xlsx")
        assert set(PendingImport.objects.values_list("pk", flat=True)) == {recent, new}
        assert pending_import_take(user=users.ward_officer, token=recent) == (b"2", ".csv")

    def test_only_spreadsheet_suffixes(self, area, users):
        with pytest.raises(ValidationError):
            pending_import_store(user=users.admin, data=b"MZ", suffix=".exe")
        with pytest.raises(IntegrityError), transaction.atomic():
            PendingImport.objects.create(token="f" * 32, user=users.admin, suffix=".exe", data=b"")
        assert not PendingImport.objects.exists()
