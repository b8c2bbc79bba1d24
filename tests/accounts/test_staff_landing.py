"""Staff who sign in at the site's sign-in page land in the admin, where their work is;
members land where they were going, or on their profile."""

import pytest

from tests.factories.accounts import PASSWORD, UserFactory, WardOfficerFactory

LOGIN = "/accounts/dang-nhap/"


@pytest.mark.django_db
def test_a_ward_officer_lands_in_the_admin(client):
    officer = WardOfficerFactory(username="0912000104", phone="0912000104")
    response = client.post(LOGIN, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_member_does_not_land_in_the_admin(client):
    member = UserFactory(username="0912000105", phone="0912000105")
    response = client.post(LOGIN, {"username": member.username, "password": PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith("/admin/")


@pytest.mark.django_db
def test_next_still_wins_for_staff(client):
    officer = WardOfficerFactory(username="0912000106", phone="0912000106")
    response = client.post(
        f"{LOGIN}?next=/hoc/", {"username": officer.username, "password": PASSWORD, "next": "/hoc/"}
    )
    assert response["Location"] == "/hoc/"
