"""The admin report screens run a small, fixed number of queries however many wards there are.

A ward's label in the filter names its province; read one by one, that was a query per ward
(3,332 queries on the national screen, 183 for a province officer of a 168-ward province).
"""

import pytest
from django.urls import reverse

from lms.accounts.services import user_role_groups_sync
from teams.models import Province, Ward
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory
from tests.factories.teams import ProvinceFactory

from .test_properties import build_wards

MAX_QUERIES = 20
KINDS = ["coverage", "staffing", "activity", "attendance"]


def build_province(n):
    """Province 60 with ``n`` wards, each with a hamlet, a team, a member, a session and a
    certificate (so that every report has a row per ward), and a neighbour province."""
    ProvinceFactory(code="61", name="Tỉnh Bên Cạnh")
    return build_wards(n)


def last_ward_label(province):
    """The filter's label of the province's last ward: "<ward>, <province>"."""
    ward = Ward.objects.filter(province=province).order_by("code").last()
    return f"{ward.name}, {province.name}"


def get_screen(client, kind, query):
    response = client.get(reverse(f"reports_admin:{kind}"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("kind", KINDS)
class ReportScreenQueryTests:
    def test_superuser_national(self, client, django_assert_max_num_queries, n, kind):
        province = build_province(n)
        client.force_login(AdminFactory())
        get_screen(client, kind, {})  # warm the session and the caches
        with django_assert_max_num_queries(MAX_QUERIES):
            html = get_screen(client, kind, {})
        assert Province.objects.get(pk=province.pk).name in html

    def test_superuser_province_chosen(self, client, django_assert_max_num_queries, n, kind):
        province = build_province(n)
        client.force_login(AdminFactory())
        get_screen(client, kind, {"province": "60"})
        with django_assert_max_num_queries(MAX_QUERIES):
            html = get_screen(client, kind, {"province": "60"})
        # every ward is offered in the filter, named with its province
        assert html.count(f", {province.name}</option>") == n
        assert last_ward_label(province) in html

    def test_province_officer(self, client, django_assert_max_num_queries, n, kind):
        province = build_province(n)
        user = ProvinceOfficerFactory(province=province)
        user_role_groups_sync(user=user)
        client.force_login(user)
        get_screen(client, kind, {})
        with django_assert_max_num_queries(MAX_QUERIES):
            html = get_screen(client, kind, {})
        assert html.count(f", {province.name}</option>") == n
        assert last_ward_label(province) in html
        assert "Tỉnh Bên Cạnh" not in html


@pytest.mark.django_db
def test_a_report_row_is_one_line_of_html_with_text_cells_left_aligned(client):
    """A province's attendance report by team has ~2,800 rows: the indented loop wrote 1 KB of
    whitespace per row (2.9 MB pages); a row is now one line, numbers right-aligned only."""
    import re

    province = build_province(30)
    user = ProvinceOfficerFactory(province=province)
    user_role_groups_sync(user=user)
    client.force_login(user)
    html = get_screen(client, "attendance", {})
    table = html.split('<table class="listing report__table">')[1]
    tbody = table.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>.*?</tr>", tbody)
    assert len(rows) == 30
    assert all("\n" not in row for row in rows)
    assert len(tbody) < 30 * 400
    # by team: the team, then its ward (text, not a number), then the counts
    cells = re.findall(r"<td[^>]*>", rows[0])
    assert cells[0] == "<td>" and set(cells[1:]) == {'<td class="report__num">'}
