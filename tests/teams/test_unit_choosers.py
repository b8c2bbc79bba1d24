"""Ward and hamlet choosers in the admin forms (issue 18.1): a searchable, paginated, scoped
modal instead of a <select> of every ward (3,321) and hamlet (99,456) nationally."""

import json

from django.urls import reverse

from teams.models import Hamlet
from tests.factories.accounts import AdminFactory
from tests.factories.teams import HamletFactory


def _results(client, name, **params):
    response = client.get(reverse(f"{name}:choose_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_hamlet_chooser_lists_only_the_officers_province_and_searches_without_diacritics(
    client, area, users
):
    HamletFactory(ward=area.hong_ha, name="Thôn Hà Nội Xa")
    client.force_login(users.province_officer)
    page = _results(client, "teams_hamlet_chooser")
    assert "Khu vực 1" in page and "Khu vực 4" in page
    assert "Thôn Hà Nội Xa" not in page  # another province: not even its name
    found = _results(client, "teams_hamlet_chooser", q="khu vuc 1")
    assert "Khu vực 1" in found and "Khu vực 2" not in found
    assert "Phường Vị Tân" in found  # the place column tells same-named hamlets apart


def test_chosen_outside_the_scope_is_404_like_a_missing_id(client, area, users):
    other = HamletFactory(ward=area.hong_ha, name="Thôn Ngoài Phạm Vi")
    client.force_login(users.province_officer)
    mine = client.get(reverse("teams_hamlet_chooser:chosen", args=[area.kv1.pk]))
    assert mine.status_code == 200
    assert json.loads(mine.content)["result"]["id"] == str(area.kv1.pk)
    outside = client.get(reverse("teams_hamlet_chooser:chosen", args=[other.pk]))
    missing = client.get(reverse("teams_hamlet_chooser:chosen", args=[999999]))
    assert outside.status_code == missing.status_code == 404
    assert "Ngoài Phạm Vi" not in outside.content.decode()
    ward = client.get(reverse("teams_ward_chooser:chosen", args=[area.hong_ha.pk]))
    assert ward.status_code == 404


def test_team_edit_page_renders_a_chooser_not_every_hamlet(
    client, area, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr("teams.forms.CHOOSER_ABOVE", 30)
    for i in range(40):
        HamletFactory(ward=area.vi_thanh, name=f"Ấp Nhiều {i}")
    client.force_login(AdminFactory())
    url = reverse("teams_team:edit", args=[area.team1.pk])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "Ấp Nhiều" not in page  # no option per hamlet
    assert reverse("teams_hamlet_chooser:choose") in page
    assert "Khu vực 1" in page  # the chosen hamlet is shown
    assert Hamlet.objects.count() > 40


def test_a_ward_officers_few_choices_stay_a_plain_select(client, area, users):
    client.force_login(users.ward_officer)
    page = client.get(reverse("teams_team:add")).content.decode()
    assert f'<option value="{area.kv1.pk}"' in page
    assert reverse("teams_hamlet_chooser:choose") not in page
