"""The demo support log (issue 17.8): three months for the Phường Vị Tân teams, made once."""

import uuid

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone

from lms import demo
from lms.models import DemoLoad
from teams.support.choices import Place
from teams.support.demo import demo_months
from teams.support.models import SupportRecord

LOADERS = [
    "lms.demo.seed_site",
    "teams.demo.seed",
    "lms.demo.seed_users",
    "teams.support.demo.seed",
]


@pytest.fixture
def seeded(admin_units, monkeypatch):
    assert all(path in demo.DEMO_LOADERS for path in LOADERS)
    order = [demo.DEMO_LOADERS.index(path) for path in LOADERS]
    assert order == sorted(order)  # the log comes after the teams and the logins
    monkeypatch.setattr(demo, "DEMO_LOADERS", LOADERS)
    demo.demo_seed()


@pytest.mark.django_db
def test_the_vi_tan_teams_have_three_months_ending_last_month(seeded):
    today = timezone.localdate()
    months = demo_months(today)
    per_team = SupportRecord.objects.values("team__name", "ward__code").annotate(
        n=Count("pk"), months=Count("month", distinct=True), first=Min("date"), last=Max("date")
    )
    assert len(per_team) == 2
    for row in per_team:
        assert row["ward__code"] == "31333"
        assert row["months"] == 3
        assert 20 <= row["n"] <= 60  # a few a week, per team
        assert row["first"] >= months[0] and row["last"] < today.replace(day=1)
    assert SupportRecord.objects.values("place").distinct().count() >= 3
    mai = SupportRecord.objects.filter(recorded_by__username="0912000005")
    assert mai.exists()


@pytest.mark.django_db
def test_the_demo_log_is_made_once(seeded):
    before = sorted(SupportRecord.objects.values_list("pk", "people", "date"))
    assert DemoLoad.objects.filter(loader="teams.support.demo.seed").exists()
    logins, skipped = demo.demo_seed()
    assert "teams.support.demo.seed" in skipped
    assert sorted(SupportRecord.objects.values_list("pk", "people", "date")) == before


@pytest.mark.django_db
def test_mai_records_a_help_on_her_phone(seeded, client):
    from lms.accounts.models import User

    client.force_login(User.objects.get(username="0912000005"))
    page = client.get("/").content.decode()
    assert 'href="/ho-tro/ghi/"' in page
    assert client.get("/ho-tro/ghi/").status_code == 200
    before = SupportRecord.objects.count()
    response = client.post(
        "/ho-tro/ghi/",
        {
            "idempotency_key": str(uuid.uuid4()),
            "team": SupportRecord.objects.filter(recorded_by__username="0912000005")[0].team_id,
            "place": Place.HOME,
            "people": "1",
            "date": f"{timezone.localdate():%d/%m/%Y}",
            "outcomes": ["vneid_installed"],
        },
    )
    assert response.status_code == 302
    assert SupportRecord.objects.count() == before + 1
    assert client.get("/ho-tro/thang/").status_code == 200
