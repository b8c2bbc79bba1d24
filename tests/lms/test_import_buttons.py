"""The listings' "import from Excel" button (lms.accounts.viewsets.ImportButtonMixin): shown to
whoever may import, hidden from whoever may not."""

import pytest

from lms.accounts.services import user_role_groups_sync
from tests.factories.accounts import TrainerFactory, WardOfficerFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/admin/to-cong-nghe/thanh-vien/", "Nhập danh sách từ Excel"),
        ("/admin/ho-tro/nhat-ky/", "Nhập từ phiếu tổng hợp (Excel)"),
    ],
)
def test_import_button_follows_the_permission(client, url, label):
    officer = WardOfficerFactory()
    trainer = TrainerFactory()
    for user in (officer, trainer):
        user_role_groups_sync(user=user)
    client.force_login(officer)
    assert label in client.get(url).content.decode()
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200 and label not in response.content.decode()
