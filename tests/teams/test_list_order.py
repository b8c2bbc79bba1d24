"""Names in the officers' member list sort in Vietnamese order: Đ after D, not after V (on
SQLite through the registered collation, on PostgreSQL through ICU)."""

import pytest

from lms.accounts.services import user_role_groups_sync
from tests.factories.accounts import WardOfficerFactory
from tests.factories.teams import MemberFactory, WardFactory


@pytest.mark.django_db
def test_member_list_is_in_vietnamese_order(client):
    ward = WardFactory()
    for name in ["Vũ Bình", "Đặng An", "Dương Cường", "Ánh Hoa", "Anh Tú"]:
        MemberFactory(ward=ward, full_name=name)
    officer = WardOfficerFactory(ward=ward)
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    html = client.get("/admin/to-cong-nghe/thanh-vien/").content.decode()
    order = ["Ánh Hoa", "Anh Tú", "Dương Cường", "Đặng An", "Vũ Bình"]  # letters first, tones after
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)
