import pytest
from django.urls import reverse

from courses.attendance.selectors import sessions_visible_to
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import ProvinceFactory, TeamFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    """Two provinces; in the first, wards A and B. Sessions: organised by ward A, by ward B,
    by province 1 inviting a team of ward A, by province 1 inviting nobody, by province 2."""
    p1, p2 = ProvinceFactory(), ProvinceFactory()
    ward_a, ward_b = WardFactory(province=p1), WardFactory(province=p1)
    ward_c = WardFactory(province=p2)
    s = {
        "ward_a": TrainingSessionFactory(organiser_ward=ward_a),
        "ward_b": TrainingSessionFactory(organiser_ward=ward_b),
        "prov_targets_a": TrainingSessionFactory(organiser_ward=None, organiser_province=p1),
        "prov_plain": TrainingSessionFactory(organiser_ward=None, organiser_province=p1),
        "other_province": TrainingSessionFactory(organiser_ward=ward_c),
    }
    s["prov_targets_a"].target_teams.add(TeamFactory(hamlet__ward=ward_a))
    users = {
        "admin": make_staff("admin"),
        "province_1": make_staff("province", province=p1),
        "ward_a": make_staff("ward", ward=ward_a),
        "trainer_1": make_staff("trainer", province=p1),
        "trainer_2": make_staff("trainer", province=p2),
    }
    s["ward_b"].trainers.add(users["trainer_2"])  # teaching outside their province
    return s, users


VISIBLE = {
    "admin": {"ward_a", "ward_b", "prov_targets_a", "prov_plain", "other_province"},
    "province_1": {"ward_a", "ward_b", "prov_targets_a", "prov_plain"},
    "ward_a": {"ward_a", "prov_targets_a"},
    "trainer_1": {"ward_a", "ward_b", "prov_targets_a", "prov_plain"},
    "trainer_2": {"other_province", "ward_b"},
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_session_visibility_table(world, who, client):
    sessions, users = world
    user = users[who]
    visible = set(sessions_visible_to(user).values_list("pk", flat=True))
    assert visible == {sessions[name].pk for name in VISIBLE[who]}
    client.force_login(user)
    for name, session in sessions.items():
        for url_name in ("session_detail", "roll_call", "screen", "sheet_upload"):
            response = client.get(reverse(f"attendance:{url_name}", args=[session.pk]))
            expected = 200 if name in VISIBLE[who] else 404
            assert response.status_code == expected, (who, name, url_name)
    listing = client.get(reverse("attendance_trainingsession:index"))
    assert listing.status_code == 200
    assert set(listing.context["object_list"].values_list("pk", flat=True)) == {
        sessions[name].pk for name in VISIBLE[who]
    }
    for name, session in sessions.items():
        edit = client.get(reverse("attendance_trainingsession:edit", args=[session.pk]))
        assert edit.status_code == (200 if name in VISIBLE[who] else 404), (who, name)


def test_members_and_anonymous_cannot_open_staff_pages(client, session, member_user):
    url = reverse("attendance:session_detail", args=[session.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(member_user.user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("attendance:screen_state", args=[session.pk])).status_code == 403
    assert client.get(reverse("reports_admin:attendance")).status_code != 200
