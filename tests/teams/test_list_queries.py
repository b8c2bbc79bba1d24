"""The registry listings run a small, fixed number of queries however many rows they show.

Each row's ward label names its province; read row by row, that was two queries per row
(50 queries for page 1 of the member list on the national data set)."""

import pytest
from django.db import connection
from django.urls import reverse

from lms.accounts.services import user_role_groups_sync
from teams.models import Member
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)

MAX_QUERIES = 20
LISTINGS = ["teams_member", "teams_team", "teams_hamlet", "teams_ward"]


def build(n):
    """``n`` wards of one province, each with a hamlet, a team and a member."""
    province = ProvinceFactory(code="70", name="Tỉnh Đếm Dòng")
    for i in range(n):
        ward = WardFactory(code=f"70{i:03d}", province=province, name=f"Xã Dòng {i:03d}")
        TeamFactory(hamlet=HamletFactory(ward=ward, name=f"Thôn Dòng {i:03d}"))
        MemberFactory(ward=ward, full_name=f"Nguyễn Văn Dòng {i:03d}")
    return province


def listing(client, namespace, query=None):
    response = client.get(reverse(f"{namespace}:index"), query or {})
    assert response.status_code == 200
    return response.content.decode()


def admin_client(client, province):
    client.force_login(AdminFactory())
    return client


def officer_client(client, province):
    user = ProvinceOfficerFactory(province=province)
    user_role_groups_sync(user=user)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("login", [admin_client, officer_client], ids=["superuser", "officer"])
class ListingQueryTests:
    @pytest.mark.parametrize("namespace", LISTINGS)
    def test_listing_page_one(self, client, django_assert_max_num_queries, n, login, namespace):
        client = login(client, build(n))
        listing(client, namespace)  # warm the session and the caches
        with django_assert_max_num_queries(MAX_QUERIES):
            html = listing(client, namespace)
        assert "Tỉnh Đếm Dòng" in html  # the ward column names its province
        assert html.count("Xã Dòng ") >= min(n, 20)

    def test_member_search(self, client, django_assert_max_num_queries, n, login):
        client = login(client, build(n))
        listing(client, "teams_member", {"q": "nguyen van dong"})
        with django_assert_max_num_queries(MAX_QUERIES):
            html = listing(client, "teams_member", {"q": "nguyen van dong"})
        assert "Nguyễn Văn Dòng 000" in html
        assert html.count("Xã Dòng ") >= min(n, 20)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db
def test_folded_search_is_served_by_the_trigram_index():
    """``search_key LIKE '%word%'`` per word (FoldedSearchMixin): a pg_trgm GIN index serves
    it (member search "nguyen van": 82 ms -> 24 ms on 368,430 members)."""
    build(3)
    queryset = Member.objects.filter(search_key__contains="nguyen").filter(
        search_key__contains="dong"
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE teams_member")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        text = "\n".join(row[0] for row in cursor.fetchall())
    assert "member_search_key_trgm" in text and "Seq Scan" not in text
    assert queryset.count() == 3
