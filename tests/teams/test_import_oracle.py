"""The member-import preview is not a phone/CCCD -> name oracle (issue 15.3).

A number held by someone outside the importing officer's scope gets one neutral message: no
name, no place, the same words for a phone and a CCCD, no "same person as row N" link between
two rows. Every check is in the audit log with its count of such rows, and an officer who meets
more than the hourly allowance has every preview refused whole until the hour ends.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from lms.core import ratelimit
from teams.services import member_import
from teams.services.imports import audit
from teams.services.imports.people import OUT_OF_SCOPE
from tests.factories.teams import MemberFactory
from tests.teams.member_files import row, xlsx_bytes

NEUTRAL = str(OUT_OF_SCOPE)
STRANGER = "Hoàng Văn Bí Mật"


@pytest.fixture
def stranger(area):
    """Someone registered in Hà Nội, outside every Cần Thơ officer's scope."""
    return MemberFactory(
        full_name=STRANGER,
        phone="0987654321",
        cccd="001185000777",
        date_of_birth=datetime.date(1985, 1, 1),
        ward=area.hong_ha,
    )


def _preview(rows, user, **kwargs):
    return member_import(file=xlsx_bytes(rows), file_name="ds.xlsx", user=user, **kwargs)


def _messages(report):
    return [str(issue) for issue in report.errors + report.warnings]


def test_out_of_scope_numbers_get_one_neutral_message_without_a_name(area, users, stranger):
    other = MemberFactory(full_name="Đinh Thị Kín", cccd="001190000888", ward=area.hong_ha)
    rows = [
        row("Người Mới", stranger.phone),  # row 2: a stranger's phone
        # row 3: the officer's own member's phone with the stranger's CCCD
        row("Trần Thị Mai", area.leader.phone, cccd=stranger.cccd),
        row("Ai Đó", "", cccd=other.cccd, date_of_birth="01/01/1990"),  # row 4: CCCD only
        row("Người Khác", "0987000001"),  # row 5: a number nobody has
    ]
    report = _preview(rows, users.ward_officer, ward=area.vi_tan)

    by_row = {issue.row: issue.message for issue in report.errors}
    assert by_row == {2: NEUTRAL, 3: NEUTRAL, 4: NEUTRAL}
    text = " ".join(_messages(report))
    assert STRANGER not in text and "Bí Mật" not in text and "Đinh Thị Kín" not in text
    assert "Hồng Hà" not in text and "Hà Nội" not in text


def test_two_rows_hitting_one_outsider_are_not_linked(area, users, stranger):
    # Saying "the same person as row 2" would tie the stranger's phone to their CCCD.
    rows = [row("A", stranger.phone), row("B", "", cccd=stranger.cccd)]
    report = _preview(rows, users.ward_officer, ward=area.vi_tan)
    assert [issue.message for issue in report.errors] == [NEUTRAL, NEUTRAL]


def test_the_rendered_preview_names_nobody(client, area, users, stranger):
    client.force_login(users.ward_officer)
    rows = [row("Người Mới", stranger.phone), row("X", "", cccd=stranger.cccd)]
    upload = SimpleUploadedFile("ds.xlsx", xlsx_bytes(rows))
    response = client.post(reverse("teams_member:import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert NEUTRAL in html
    assert STRANGER not in html and "Bí Mật" not in html


def test_province_officer_gets_the_same_neutral_message(area, users, stranger):
    report = _preview([row("Người Mới", stranger.phone)], users.province_officer)
    assert [issue.message for issue in report.errors] == [NEUTRAL]


def test_in_scope_clash_may_still_name_the_person(area, users, stranger):
    rows = [row("Trần Thị Mai", area.leader.phone, cccd=area.shy.cccd)]
    report = _preview(rows, users.ward_officer, ward=area.vi_tan)
    assert "Lê Văn Hùng" in report.errors[0].message
    assert NEUTRAL not in report.errors[0].message


def test_every_check_is_audited_with_its_conflict_count(area, users, stranger):
    rows = [row("Người Mới", stranger.phone), row("Người Khác", "0987000002")]
    _preview(rows, users.ward_officer, ward=area.vi_tan)
    entry = ModelLogEntry.objects.get(action=audit.CHECKED_ACTION)
    assert entry.user_id == users.ward_officer.pk
    assert entry.data["rows"] == 2
    assert entry.data["out_of_scope_conflicts"] == 1
    assert entry.data["dry_run"] is True and entry.data["refused"] is False


def test_the_audit_action_is_registered_so_site_history_can_show_it(db):
    # Wagtail's site history (and its CSV) looks every action's label up; an unregistered
    # action would break them. Registered in teams/wagtail_hooks.py.
    assert log_action_registry.action_exists(audit.CHECKED_ACTION)


class RateLimitTests:
    @pytest.fixture(autouse=True)
    def small_limit(self, monkeypatch):
        monkeypatch.setattr(audit, "OUT_OF_SCOPE_LIMIT", ratelimit.Limit("test-oos", 3, 3600))

    def test_over_the_allowance_every_preview_is_refused_whole(self, area, users, stranger):
        officer = users.ward_officer
        two = [row("A", stranger.phone), row("B", "", cccd=stranger.cccd)]
        assert [i.message for i in _preview(two, officer, ward=area.vi_tan).errors] == [
            NEUTRAL,
            NEUTRAL,
        ]
        # The next two conflicts go over 3: the file is refused, no row is answered.
        with pytest.raises(audit.ImportRefused, match="quá nhiều"):
            _preview(two, officer, ward=area.vi_tan)
        # From then on even a file with no conflict is refused, so the refusal tells nothing.
        with pytest.raises(audit.ImportRefused):
            _preview([row("C", "0987000003")], officer, ward=area.vi_tan)
        refused = ModelLogEntry.objects.filter(action=audit.CHECKED_ACTION, data__refused=True)
        assert refused.count() == 2
        # Another officer has their own allowance.
        mine = [row("C", "0987000003", hamlet="Khu vực 4", ward="Vị Thanh")]
        report = _preview(mine, users.other_ward_officer, ward=area.vi_thanh)
        assert report.ok

    def test_the_admin_page_shows_the_refusal_as_a_form_error(self, client, area, users, stranger):
        client.force_login(users.ward_officer)
        four = [row(f"N{i}", "", cccd=stranger.cccd) for i in range(1)] + [
            row(f"M{i}", stranger.phone) for i in range(3)
        ]
        upload = SimpleUploadedFile("ds.xlsx", xlsx_bytes(four))
        response = client.post(reverse("teams_member:import"), {"file": upload})
        assert response.status_code == 200
        html = response.content.decode()
        assert "quá nhiều" in html
        assert NEUTRAL not in html and STRANGER not in html
