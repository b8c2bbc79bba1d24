"""The admin's read-only message listing: administrators see all, officers their area."""

import pytest
from django.urls import reverse

from courses.reminders.choices import Channel, Kind
from courses.reminders.models import OutboundMessage
from lms.accounts.groups import group_for_role
from tests.factories.accounts import AdminFactory, UserFactory, WardOfficerFactory
from tests.factories.teams import MemberFactory, WardFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db
LIST = "reminders_outboundmessage:index"


def message(member, name):
    return OutboundMessage.objects.create(
        kind=Kind.SESSION_DAY,
        channel=Channel.SMS,
        member=member,
        recipient_name=name,
        address=member.phone,
        province_id=member.ward.province_id,
        ward_id=member.ward_id,
        body="Nhac lich",
        dedupe_key=f"test:{name}",
        next_attempt_at=NOW,
    )


@pytest.fixture
def two_wards():
    mine, theirs = WardFactory(), WardFactory()
    return (
        mine,
        message(MemberFactory(ward=mine), "Người xã mình"),
        message(MemberFactory(ward=theirs), "Người xã khác"),
    )


def test_administrator_sees_every_message(client, two_wards):
    client.force_login(AdminFactory())
    page = client.get(reverse(LIST)).content.decode()
    assert "Người xã mình" in page and "Người xã khác" in page
    assert "Chờ gửi" in page


def test_ward_officer_sees_only_their_ward(client, two_wards):
    ward, mine, theirs = two_wards
    officer = WardOfficerFactory(ward=ward)
    officer.groups.add(group_for_role(officer.role))
    client.force_login(officer)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Người xã mình" in page and "Người xã khác" not in page
    inspect = "reminders_outboundmessage:inspect"
    assert client.get(reverse(inspect, args=[mine.pk])).status_code == 200
    assert client.get(reverse(inspect, args=[theirs.pk])).status_code == 404


def test_nobody_edits_the_log_and_members_have_no_access(client, two_wards):
    client.force_login(AdminFactory())
    page = client.get(reverse(LIST)).content.decode()
    assert "/admin/reminders/messages/add/" not in page
    assert client.get("/admin/reminders/messages/add/").status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(LIST)).status_code in (302, 403)
