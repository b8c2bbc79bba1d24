"""Erasure on request: identifying data goes, statistics stay, everything is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from lms.accounts.models import ActivationCode, AnonymisationRecord
from lms.privacy import services as privacy_services
from lms.privacy.selectors import member_record_counts
from lms.privacy.services import member_anonymise
from teams.models import Member, Membership
from tests.factories.accounts import (
    PASSWORD,
    AdminFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.reports import AttendanceFactory, CertificateFactory, course_create
from tests.factories.teams import MembershipFactory, WardFactory

CCCD = "092190001234"


@pytest.fixture
def member(db):
    ward = WardFactory()
    member = member_with_account(
        ward=ward,
        full_name="Trần Thị Mai",
        phone="0912000005",
        email="mai@example.vn",
        cccd=CCCD,
        date_of_birth=datetime.date(1990, 3, 7),
        public_consent=True,
    )
    MembershipFactory(member=member, team__hamlet__ward=ward)
    return member


def _with_attendance_and_certificate(member):
    """Attendance and certificate rows for ``member``."""
    AttendanceFactory(member=member)
    course = course_create(title="Kỹ năng số cơ bản", code="KNS01")
    return CertificateFactory(holder=member, course=course, holder_name=member.full_name)


@pytest.mark.django_db
class AnonymiseServiceTests:
    def test_erases_identity_keeps_rows_and_counts(self, member):
        certificate = _with_attendance_and_certificate(member)
        before = member_record_counts(member)
        ward_total = Member.objects.filter(ward=member.ward).count()
        admin = AdminFactory()

        member_anonymise(member=member, by=admin)

        member.refresh_from_db()
        assert member.full_name == f"Người dùng đã ẩn danh #{member.pk}"
        assert (member.phone, member.email, member.cccd) == ("", "", "")
        assert member.date_of_birth is None
        assert member.public_consent is False
        assert member.anonymised_at is not None
        # Derived copies of the name go too (the registry's accent-folded search column).
        search_key = getattr(member, "search_key", "") or ""
        assert "tran thi mai" not in search_key and "0912000005" not in search_key
        assert member_record_counts(member) == before
        assert Member.objects.filter(ward=member.ward).count() == ward_total
        assert Membership.objects.filter(member=member).count() == 1
        if certificate is not None:
            certificate.refresh_from_db()
            assert certificate.holder_anonymised is True
            assert certificate.holder_name == ""
            assert before.get("giấy chứng nhận", 1) >= 1

        record = AnonymisationRecord.objects.get()
        assert (record.member_pk, record.performed_by, record.via) == (member.pk, admin, "admin")

    def test_disables_the_linked_account_for_good(self, member, client):
        user = member.user
        ActivationCode.objects.create(
            user=user, code_hash="x", expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
        )
        member_anonymise(member=member, by=AdminFactory())
        user.refresh_from_db()
        assert user.username == f"anonymised-{user.pk}"
        assert (user.phone, user.email, user.first_name) == ("", "", "")
        assert not user.is_active
        assert not user.has_usable_password()
        assert not user.activation_codes.exists()
        response = client.post(
            "/accounts/dang-nhap/", {"username": "0912000005", "password": PASSWORD}
        )
        assert "_auth_user_id" not in client.session
        assert response.status_code == 200

    def test_verify_page_says_issued_to_an_anonymised_person(self, member, client):
        certificate = _with_attendance_and_certificate(member)
        if certificate is None:
            pytest.skip("certificates app not available")
        member_anonymise(member=member, by=AdminFactory())
        response = client.get(certificate.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Trần Thị Mai" not in html
        assert "ẩn danh" in html

    def test_only_administrators(self, member):
        with pytest.raises(PermissionDenied):
            member_anonymise(member=member, by=WardOfficerFactory(ward=member.ward))
        member.refresh_from_db()
        assert member.full_name == "Trần Thị Mai"
        assert not AnonymisationRecord.objects.exists()

    def test_twice_is_refused(self, member):
        member_anonymise(member=member, by=AdminFactory())
        with pytest.raises(ValidationError):
            member_anonymise(member=member, by=AdminFactory())
        assert AnonymisationRecord.objects.count() == 1

    def test_is_all_or_nothing(self, member, monkeypatch):
        def boom(**kwargs):
            raise RuntimeError("certificates failed")

        monkeypatch.setattr(privacy_services, "certificates_anonymise_holder", boom)
        with pytest.raises(RuntimeError):
            member_anonymise(member=member, by=AdminFactory())
        member.refresh_from_db()
        member.user.refresh_from_db()
        assert member.full_name == "Trần Thị Mai"
        assert member.user.is_active
        assert not AnonymisationRecord.objects.exists()


@pytest.mark.django_db
class AnonymiseCommandTests:
    @pytest.mark.parametrize(
        "args",
        [["--phone", "0912 000 005"], ["--cccd", CCCD], ["--id", "{pk}"]],
        ids=["phone", "cccd", "id"],
    )
    def test_finds_the_member_and_anonymises(self, member, args):
        args = [a.format(pk=member.pk) for a in args]
        call_command("anonymise_member", *args, "--yes", stdout=__import__("io").StringIO())
        member.refresh_from_db()
        assert member.anonymised_at is not None
        record = AnonymisationRecord.objects.get()
        assert record.via == "command" and record.performed_by is None

    def test_asks_for_confirmation(self, member, monkeypatch):
        monkeypatch.setattr("builtins.input", lambda prompt: "no")
        with pytest.raises(CommandError, match="Cancelled"):
            call_command(
                "anonymise_member", "--phone", "0912000005", stdout=__import__("io").StringIO()
            )
        member.refresh_from_db()
        assert member.anonymised_at is None

    def test_unknown_member(self, db):
        with pytest.raises(CommandError, match="No member"):
            call_command("anonymise_member", "--id", "999999", "--yes")

    def test_needs_exactly_one_selector(self, db):
        with pytest.raises(CommandError):
            call_command("anonymise_member", "--yes")


@pytest.mark.django_db
class AnonymiseAdminTests:
    def test_admin_finds_and_anonymises_with_a_button(self, client, member):
        client.force_login(AdminFactory())
        html = client.get("/admin/accounts/anonymise/", {"phone": "0912000005"}).content.decode()
        assert f"/admin/accounts/anonymise/{member.pk}/" in html
        html = client.get(f"/admin/accounts/anonymise/{member.pk}/").content.decode()
        assert "Ẩn danh hóa vĩnh viễn" in html
        response = client.post(f"/admin/accounts/anonymise/{member.pk}/")
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.anonymised_at is not None

    def test_ward_officer_is_refused(self, client, member):
        from lms.accounts.groups import groups_sync
        from lms.accounts.services import user_role_groups_sync

        groups_sync()
        officer = WardOfficerFactory(ward=member.ward)
        user_role_groups_sync(user=officer)
        client.force_login(officer)
        response = client.post(f"/admin/accounts/anonymise/{member.pk}/")
        assert response.status_code in (302, 403)
        member.refresh_from_db()
        assert member.anonymised_at is None
