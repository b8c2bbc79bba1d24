"""The public "find your team" page: plain GET, only consenting contacts, nothing else."""

from django.urls import reverse

from teams.services import member_consent_set


def test_pickers_work_without_javascript(client, area):
    url = reverse("teams:find_team")
    page = client.get(url).content.decode()
    assert "Thành phố Cần Thơ" in page and 'method="get"' in page
    assert "<script>" not in page  # CSP: no inline script; only the static file
    page = client.get(url, {"province": area.can_tho.pk}).content.decode()
    assert "Phường Vị Tân" in page and "Phường Hồng Hà" not in page
    page = client.get(url, {"province": area.can_tho.pk, "ward": area.vi_tan.pk}).content.decode()
    assert "Khu vực 1" in page and "Khu vực 4" not in page


def test_shows_consenting_leader_and_hides_others(client, area, django_assert_max_num_queries):
    url = reverse("teams:find_team")
    params = {"province": area.can_tho.pk, "ward": area.vi_tan.pk, "hamlet": area.kv1.pk}
    with django_assert_max_num_queries(15):  # constant: pickers, teams, contacts
        response = client.get(url, params)
    page = response.content.decode()
    assert area.team1.name in page
    assert "Trần Thị Mai" in page and "0912000005" in page
    assert "Lê Văn Hùng" not in page and "0912000101" not in page  # deputy did not consent
    assert "092190000005" not in page and "01/05/1990" not in page  # never CCCD or birth date
    member_consent_set(member=area.leader, consent=False)
    page = client.get(url, params).content.decode()
    assert "Trần Thị Mai" not in page and "0912000005" not in page
    assert "chưa công bố người liên hệ" in page


def test_changed_province_drops_stale_ward(client, area):
    # Without JavaScript the old ward is submitted with the new province.
    response = client.get(
        reverse("teams:find_team"), {"province": area.ha_noi.pk, "ward": area.vi_tan.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Phường Hồng Hà" in page and area.team1.name not in page


def test_ward_without_team(client, area):
    page = client.get(
        reverse("teams:find_team"), {"province": area.ha_noi.pk, "ward": area.hong_ha.pk}
    ).content.decode()
    assert "Chưa có tổ công nghệ số nào" in page


def test_member_detail_link_is_scoped(client, area, users):
    url = reverse("teams:member_detail", args=[area.leader.pk])
    client.force_login(users.ward_officer)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("teams_member:inspect", args=[area.leader.pk])
    client.force_login(users.other_ward_officer)
    assert client.get(url).status_code == 404


def test_query_count_does_not_grow_with_the_wards_of_a_province(
    client, area, django_assert_max_num_queries
):
    """A ward's label names its province: 30 more wards must not mean 30 more queries (the
    national data set had 103 queries for one province's list; issue 18.1)."""
    from tests.factories.teams import WardFactory

    url = reverse("teams:find_team")
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"province": area.can_tho.pk, "ward": area.vi_tan.pk})
    WardFactory.create_batch(30, province=area.can_tho)
    with django_assert_max_num_queries(20) as many:
        page = client.get(url, {"province": area.can_tho.pk, "ward": area.vi_tan.pk})
    assert page.content.decode().count("Xã Thử Nghiệm") == 30
    assert len(many.captured_queries) == len(few.captured_queries)
