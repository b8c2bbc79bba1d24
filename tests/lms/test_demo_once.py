"""The demo is created once: re-running ``seed_demo`` (what ``make run`` does each time) never
re-creates or changes demo rows a person has since changed."""

import datetime

import pytest
from django.core.management import call_command

from lms import demo
from lms.models import DemoLoad
from teams.models import CommunityTeam, Hamlet, Member
from teams.services import hamlet_merge, member_update


def _state():
    return {
        "hamlets": sorted(Hamlet.objects.values_list("pk", "name", "is_active")),
        "teams": sorted(CommunityTeam.objects.values_list("pk", "hamlet_id", "status")),
        "members": sorted(Member.objects.values_list("pk", "full_name", "phone")),
    }


@pytest.mark.django_db
def test_merge_edit_rerun_changes_nothing(admin_units):
    call_command("seed_demo", verbosity=0)
    assert DemoLoad.objects.count() == len(demo.DEMO_LOADERS)
    ward_hamlets = list(
        Hamlet.objects.filter(is_active=True, teams__isnull=False).order_by("pk")[:2]
    )
    assert len(ward_hamlets) == 2 and ward_hamlets[0].ward_id == ward_hamlets[1].ward_id
    hamlet_merge(
        hamlets=ward_hamlets,
        merged_on=datetime.date(2026, 6, 1),
        name="Khu phố Gộp",
        kind=ward_hamlets[0].kind,
    )
    member = Member.objects.get(phone="0912000005")
    member_update(member=member, full_name="Trần Thị Mai Sửa")
    before = _state()

    call_command("seed_demo", verbosity=0)

    assert _state() == before
    assert not Hamlet.objects.filter(pk__in=[h.pk for h in ward_hamlets], is_active=True).exists()
    assert Member.objects.get(phone="0912000005").full_name == "Trần Thị Mai Sửa"


@pytest.mark.django_db
def test_a_loader_that_failed_runs_again(admin_units, monkeypatch):
    from lms import demo

    def broken(*, stdout=None):
        raise RuntimeError("boom")

    monkeypatch.setattr("courses.demo.seed", broken)
    with pytest.raises(RuntimeError):
        demo.demo_seed()
    assert "courses.demo.seed" not in set(DemoLoad.objects.values_list("loader", flat=True))
    monkeypatch.undo()
    demo.demo_seed()
    assert DemoLoad.objects.filter(loader="courses.demo.seed").exists()
