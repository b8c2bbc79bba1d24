"""Units, hamlets, teams, sessions and certificate verification."""

import pytest

pytestmark = pytest.mark.django_db


def test_provinces_only_in_scope(client, auth):
    data = client.get("/api/v1/provinces", **auth).json()
    assert [p["code"] for p in data["results"]] == ["92"]
    assert data["count"] == 1 and data["pages"] == 1


def test_wards_paginated_in_a_stable_order(client, auth):
    first = client.get("/api/v1/wards", {"page_size": 1}, **auth).json()
    second = client.get("/api/v1/wards", {"page_size": 1, "page": 2}, **auth).json()
    assert first["count"] == 2 and first["pages"] == 2
    assert [first["results"][0]["code"], second["results"][0]["code"]] == ["31321", "31333"]
    again = client.get("/api/v1/wards", {"page_size": 1}, **auth).json()
    assert again == first


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": "500"}, "page_size"),
        ({"page": "3", "page_size": "1"}, "page"),
        ({"foo": "1"}, "foo"),
    ],
)
def test_bad_paging_is_400_naming_it(client, auth, query, parameter):
    response = client.get("/api/v1/wards", query, **auth)
    assert response.status_code == 400
    assert parameter in [e["parameter"] for e in response.json()["errors"]]


def test_units_of_another_province_are_404(client, auth):
    assert client.get("/api/v1/wards", {"province": "93"}, **auth).status_code == 404
    assert client.get("/api/v1/hamlets", {"ward": "31400"}, **auth).status_code == 404
    assert client.get("/api/v1/teams", {"ward": "31400"}, **auth).status_code == 404
    assert client.get("/api/v1/teams", {"ward": "3\x0014"}, **auth).status_code == 404


def test_hamlets_and_teams_without_personal_data(client, auth, dataset):
    hamlets = client.get("/api/v1/hamlets", {"ward": "31333"}, **auth).json()
    assert {h["name"] for h in hamlets["results"]} >= {"Khu vực 1", "Khu vực 2"}
    teams = client.get("/api/v1/teams", {"status": "active"}, **auth).json()
    by_id = {t["id"]: t for t in teams["results"]}
    assert by_id[dataset.t1.pk]["members"] == 2
    assert by_id[dataset.t2.pk]["members"] == 1  # m4 left
    assert dataset.t3.pk not in by_id  # dissolved
    body = str(teams)
    assert dataset.m1.full_name not in body and str(dataset.m1.phone) not in body


def test_training_sessions_with_counts(client, auth, dataset):
    data = client.get("/api/v1/training/sessions", {"period": "2026-q3"}, **auth).json()
    ids = [s["id"] for s in data["results"]]
    assert ids == [dataset.s3.pk, dataset.s1.pk]  # newest first; s2 is in June
    s1 = data["results"][1]
    assert (s1["invited"], s1["present"], s1["late"], s1["absent"], s1["attended"]) == (
        3,
        1,
        1,
        1,
        2,
    )
    bad = client.get("/api/v1/training/sessions", {"team_level": "ward"}, **auth)
    assert bad.status_code == 400


def test_certificate_verification_answers_as_the_public_page(client, auth, dataset):
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(holder=dataset.m1).first()
    public = client.get(certificate.get_absolute_url() + "?format=json").json()
    for q in (certificate.number, certificate.code):
        api = client.get("/api/v1/certificates/verify", {"q": q}, **auth)
        assert api.status_code == 200
        assert api.json() == public
    assert dataset.m1.full_name not in str(public)
    missing = client.get("/api/v1/certificates/verify", {"q": "9999/2026/GCN-THU"}, **auth)
    assert missing.status_code == 404
    assert client.get("/api/v1/certificates/verify", **auth).status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/teams", "/api/v1/training/sessions?period=2026"])
def test_lists_cost_the_same_queries_whatever_the_page_size(client, auth, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 50):
        sep = "&" if "?" in url else "?"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{url}{sep}page_size={size}", **auth).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10
