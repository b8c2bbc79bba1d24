import re

import pytest
from django.core import mail

from tests.factories.accounts import UserFactory

RESET = "/accounts/quen-mat-khau/"


@pytest.mark.django_db
class PasswordResetByEmailTests:
    def test_full_flow_in_vietnamese(self, client):
        user = UserFactory(email="mai@example.vn")
        response = client.post(RESET, {"email": "MAI@example.vn"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["mai@example.vn"]
        assert "Đặt lại mật khẩu" in message.subject
        link = re.search(r"http://testserver(/accounts/dat-lai-mat-khau/\S+/)", message.body).group(
            1
        )
        response = client.get(link, follow=True)
        assert "Đặt mật khẩu mới" in response.content.decode()
        set_url = response.redirect_chain[-1][0]
        response = client.post(set_url, {"password1": "ngan", "password2": "ngan"})
        assert "Mật khẩu quá ngắn" in response.content.decode()
        response = client.post(set_url, {"password1": "Moi-2026!abc", "password2": "Moi-2026!abc"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("Moi-2026!abc")

    def test_unknown_email_sends_nothing_and_reveals_nothing(self, client, db):
        response = client.post(RESET, {"email": "khong-co@example.vn"}, follow=True)
        assert len(mail.outbox) == 0
        assert "Nếu email bạn nhập có tài khoản" in response.content.decode()

    def test_page_explains_the_officer_route_for_accounts_without_email(self, client, db):
        html = client.get(RESET).content.decode()
        assert "cán bộ xã, phường cấp mã kích hoạt mới" in html
