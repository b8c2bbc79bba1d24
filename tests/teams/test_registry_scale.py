"""The member list at national scale (issue 18.3): no exact count of the whole table, a stable
order that an index serves, and a small fixed number of queries with every filter."""

import pytest
from django.db import connection
from django.urls import reverse

from teams.models import Member
from teams.viewsets import paginator as paginator_module
from teams.viewsets.paginator import BoundedCountPaginator, rounded
from tests.factories.accounts import AdminFactory
from tests.factories.teams import MemberFactory, ProvinceFactory, WardFactory

MAX_QUERIES = 20
URL = "teams_member:index"


@pytest.fixture
def admin_client(client, db):
    client.force_login(AdminFactory())
    return client


def build(n):
    province = ProvinceFactory(code="71", name="Tỉnh Đếm Lớn")
    wards = [WardFactory(code=f"71{i:03d}", province=province) for i in range(3)]
    for i in range(n):
        MemberFactory(ward=wards[i % 3], full_name=f"Nguyễn Văn Đếm {i:03d}")
    return province, wards


def test_rounded_keeps_two_significant_figures():
    assert rounded(370_215) == 370_000
    assert rounded(12_345) == 12_000
    assert rounded(1_234_567) == 1_200_000
    assert rounded(999) == 999


@pytest.mark.django_db
def test_the_count_is_bounded_then_estimated():
    build(6)
    queryset = Member.objects.order_by("pk")
    small = BoundedCountPaginator(queryset, 20)
    assert small.count == 6 and not small.is_estimate

    class Tiny(BoundedCountPaginator):
        exact_up_to = 4

    tiny = Tiny(queryset, 20)
    assert tiny.bounded_count == 5  # stopped counting after exact_up_to + 1
    if connection.vendor == "postgresql":
        assert tiny.is_estimate and tiny.count >= 5
    else:  # SQLite has no planner estimate: it counts
        assert not tiny.is_estimate and tiny.count == 6


@pytest.mark.django_db
def test_a_large_list_shows_an_estimate_in_vietnamese(admin_client, monkeypatch):
    build(3)
    monkeypatch.setattr(BoundedCountPaginator, "exact_up_to", 2)
    monkeypatch.setattr(paginator_module, "planner_rows", lambda queryset: 370_215)
    html = admin_client.get(reverse(URL)).content.decode()
    assert "Khoảng 370.000 thành viên" in html  # the pagination footer
    searched = admin_client.get(reverse(URL), {"q": "nguyen van dem"}).content.decode()
    assert "Khoảng 370.000 kết quả" in searched
    assert "Nguyễn Văn Đếm 000" in searched


@pytest.mark.django_db
def test_a_small_filtered_list_counts_exactly(admin_client):
    _province, wards = build(9)
    html = admin_client.get(reverse(URL), {"ward": wards[0].pk}).content.decode()
    assert "3 thành viên" in html and "khoảng" not in html


@pytest.mark.django_db
def test_pages_never_repeat_or_skip_a_person_with_the_same_name(admin_client):
    ward = WardFactory()
    people = {MemberFactory(ward=ward, full_name="Trần Văn Trùng").pk for _i in range(25)}
    seen = []
    for page in (1, 2):
        response = admin_client.get(reverse(URL), {"p": page})
        seen += [row.pk for row in response.context["object_list"]]
    assert len(seen) == 25 and set(seen) == people
    ordering = response.context["object_list"].query.order_by
    assert ordering[-1] == "pk"
    descending = admin_client.get(reverse(URL), {"ordering": "-full_name"})
    assert descending.context["object_list"].query.order_by[-1] == "-pk"


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("kind", ["list", "search", "province", "ward"])
def test_every_view_of_the_list_runs_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries, n, kind
):
    province, wards = build(n)
    params = {
        "list": {},
        "search": {"q": "nguyen van"},
        "province": {"province": province.pk},
        "ward": {"ward": wards[1].pk},
    }[kind]
    admin_client.get(reverse(URL), params)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(reverse(URL), params)
    assert response.status_code == 200
    shown = len(response.context["object_list"])
    assert shown == min(20, n if kind != "ward" else n // 3)


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE teams_member")
        # Tiny tables: ask whether an index can give the order, not what is cheapest here.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db
def test_the_list_order_is_read_from_an_index(admin_client):
    """Page 1 reads ``member_name_vi`` in order, a ward an index too: no sort of the whole (or
    the ward's) table (teams migration 0006)."""
    _province, wards = build(30)
    page = admin_client.get(reverse(URL)).context["object_list"]
    text = _plan(page)
    assert "member_name_vi" in text and "Sort" not in text
    ward_page = admin_client.get(reverse(URL), {"ward": wards[0].pk}).context["object_list"]
    text = _plan(ward_page)
    # On a few rows either index gives the order; on the national data set the ward's own
    # (member_ward_name_vi, 0.1 ms for 202 members) is chosen.
    assert ("member_ward_name_vi" in text or "member_name_vi" in text) and "Sort" not in text
    backwards = admin_client.get(reverse(URL), {"ordering": "-full_name"}).context["object_list"]
    text = _plan(backwards)
    assert "Index Scan Backward using member_name_vi" in text and "Sort" not in text


@pytest.mark.django_db
def test_search_results_keep_vietnamese_order_and_their_ward_labels(
    admin_client, django_assert_max_num_queries
):
    """A search sorts its matches by an expression the name index does not hold (so that
    PostgreSQL sorts the matches instead of walking the whole index), in the same order."""
    ward = WardFactory(name="Xã Tìm Kiếm")
    for name in ["Vũ Văn Tìm", "Đặng Văn Tìm", "Dương Văn Tìm", "Ánh Văn Tìm", "Anh Văn Tìm"]:
        MemberFactory(ward=ward, full_name=name)
    MemberFactory(ward=ward, full_name="Lê Thị Khác")
    admin_client.get(reverse(URL), {"q": "van tim"})
    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(reverse(URL), {"q": "van tim"})
    rows = list(response.context["object_list"])
    assert [m.full_name for m in rows] == [
        "Anh Văn Tìm",  # same letters: the tone breaks the tie (none before sắc)
        "Ánh Văn Tìm",
        "Dương Văn Tìm",
        "Đặng Văn Tìm",
        "Vũ Văn Tìm",
    ]
    html = response.content.decode()
    assert html.count("Xã Tìm Kiếm") >= 5  # each row's ward label, read without a query per row
