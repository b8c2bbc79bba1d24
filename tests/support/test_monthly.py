"""Monthly ward reports (issue 17.5): submit, approve, reopen, return; the lock; the screens
and their scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from teams.support.choices import MonthStatus, Place
from teams.support.completeness import next_month
from teams.support.demo_monthly import seed
from teams.support.forms_monthly import last_month
from teams.support.indicators import indicators_grid
from teams.support.models import WardMonth
from teams.support.monthly import (
    ward_month_approve,
    ward_month_reopen,
    ward_month_return,
    ward_month_submit,
)
from teams.support.services import support_record_create, support_record_update
from tests.factories.accounts import (
    ProvinceOfficerFactory,
    TrainerFactory,
    WardOfficerFactory,
)
from tests.factories.support import SupportRecordFactory

from .monthly_area import area_fixture, day_in, months_ago, with_groups  # noqa: F401

MONTH = months_ago(2)


def _url(name, ward, month=MONTH):
    return reverse(f"support_monthly:{name}", args=[ward.pk, month.year, month.month])


@pytest.fixture
def records(area):
    SupportRecordFactory(team=area.t1, date=day_in(MONTH, 3))
    SupportRecordFactory(team=area.t1, date=day_in(MONTH, 20))
    SupportRecordFactory(team=area.t2, date=day_in(MONTH, 5))  # another ward


def _submitted(area):
    return ward_month_submit(ward=area.w1, month=MONTH, by=area.ward_officer)


def test_submit_keeps_a_snapshot_and_is_audited(area, records):
    ward_month = _submitted(area)
    assert ward_month.status == MonthStatus.SUBMITTED
    assert (ward_month.teams_expected, ward_month.teams_reporting, ward_month.records) == (2, 1, 2)
    assert ward_month.submitted_by == area.ward_officer and ward_month.submitted_at
    entry = ModelLogEntry.objects.get(action="support.month_submit")
    assert entry.object_id == str(ward_month.pk) and entry.data["records"] == 2


def test_a_month_is_submitted_from_its_last_day_on(area):
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        ward_month_submit(ward=area.w1, month=next_month(months_ago(0)), by=area.ward_officer)
    assert not WardMonth.objects.exists()


def test_submit_twice_and_approve_rules(area, records):
    ward_month = _submitted(area)
    with pytest.raises(ValidationError, match="đã được gửi"):
        _submitted(area)
    with pytest.raises(PermissionDenied):
        ward_month_approve(ward_month=ward_month, by=area.ward_officer)
    with pytest.raises(PermissionDenied):
        ward_month_approve(ward_month=ward_month, by=area.other_province_officer)
    ward_month = ward_month_approve(ward_month=ward_month, by=area.province_officer)
    assert ward_month.status == MonthStatus.APPROVED and ward_month.approved_at
    with pytest.raises(ValidationError, match="Chỉ duyệt"):
        ward_month_approve(ward_month=ward_month, by=area.province_officer)
    with pytest.raises(ValidationError, match="đã được duyệt"):
        _submitted(area)


def test_scope_of_the_services(area):
    for user in (area.other_ward_officer, area.other_province_officer):
        with pytest.raises(PermissionDenied):
            ward_month_submit(ward=area.w1, month=MONTH, by=user)
    # the province officer and the administrator may submit for the ward
    assert ward_month_submit(ward=area.w1, month=MONTH, by=area.province_officer).status == (
        MonthStatus.SUBMITTED
    )


def test_an_approved_month_locks_its_records_until_reopened(area):
    record = support_record_create(
        team=area.t1, by=area.admin, date=day_in(MONTH), place=Place.HOME
    )
    ward_month = ward_month_approve(ward_month=_submitted(area), by=area.province_officer)
    with pytest.raises(ValidationError) as refused:
        support_record_update(record=record, by=area.ward_officer, people=2)
    assert "đã được cấp tỉnh duyệt" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="đã được cấp tỉnh duyệt"):
        support_record_create(team=area.t1, by=area.admin, date=day_in(MONTH), place=Place.HOME)

    with pytest.raises(ValidationError) as no_reason:
        ward_month_reopen(ward_month=ward_month, by=area.province_officer, reason="   ")
    assert "reason" in no_reason.value.message_dict
    assert WardMonth.objects.get().status == MonthStatus.APPROVED
    with pytest.raises(PermissionDenied):
        ward_month_reopen(ward_month=ward_month, by=area.ward_officer, reason="Sửa số liệu")

    ward_month = ward_month_reopen(
        ward_month=ward_month, by=area.province_officer, reason="Khu vực 1 ghi thiếu 3 lượt"
    )
    assert ward_month.status == MonthStatus.OPEN and ward_month.approved_at is None
    entry = ModelLogEntry.objects.get(action="support.month_reopen")
    assert entry.data["reason"] == "Khu vực 1 ghi thiếu 3 lượt"
    assert entry.user_id == area.province_officer.pk
    assert "Khu vực 1 ghi thiếu 3 lượt" in entry.message
    assert support_record_update(record=record, by=area.ward_officer, people=2).people == 2


def test_return_sends_a_submitted_month_back_with_a_reason(area):
    ward_month = _submitted(area)
    with pytest.raises(ValidationError):
        ward_month_return(ward_month=ward_month, by=area.province_officer, reason="")
    ward_month = ward_month_return(
        ward_month=ward_month, by=area.province_officer, reason="Thiếu tổ Khu vực 2"
    )
    assert ward_month.status == MonthStatus.OPEN
    assert ModelLogEntry.objects.filter(action="support.month_return").count() == 1
    assert _submitted(area).status == MonthStatus.SUBMITTED  # the ward sends it again


# --- Screens ---------------------------------------------------------------------------------


def test_ward_officer_sees_what_will_be_submitted_and_submits(client, area, records):
    client.force_login(area.ward_officer)
    listing = client.get(reverse("support_monthly:months"))
    assert listing.status_code == 200
    assert f"{MONTH:%m/%Y}" in listing.content.decode()
    page = client.get(_url("ward_month", area.w1))
    text = page.content.decode()
    assert "1/2 tổ phải báo cáo có ghi nhận" in text
    assert area.t1b.name in text  # the team without records is listed
    assert "Gửi báo cáo tháng" in text
    response = client.post(_url("submit", area.w1))
    assert response.status_code == 302
    assert WardMonth.objects.get(ward=area.w1, month=MONTH).status == MonthStatus.SUBMITTED


def test_province_officer_approves_and_reopens_on_the_screens(client, area, records):
    _submitted(area)
    client.force_login(area.province_officer)
    listing = client.get(reverse("support_monthly:months"), {"month": f"{MONTH:%Y-%m}"})
    text = listing.content.decode()
    assert area.w1.name in text and "Duyệt" in text and area.w3.name not in text
    assert client.post(_url("approve", area.w1)).status_code == 302
    assert WardMonth.objects.get(ward=area.w1).status == MonthStatus.APPROVED
    blank = client.post(_url("reopen", area.w1), {"reason": ""})
    assert blank.status_code == 200 and WardMonth.objects.get(ward=area.w1).status == "approved"
    done = client.post(_url("reopen", area.w1), {"reason": "Sửa số người"})
    assert done.status_code == 302
    assert WardMonth.objects.get(ward=area.w1).reopen_reason == "Sửa số người"


@pytest.mark.parametrize("who", ["other_ward_officer", "other_province_officer"])
def test_outside_the_scope_everything_is_404_and_names_nothing(client, area, records, who):
    ward_month = _submitted(area)
    client.force_login(getattr(area, who))
    for response in (
        client.get(_url("ward_month", area.w1)),
        client.post(_url("submit", area.w1)),
        client.post(_url("approve", area.w1)),
        client.get(_url("reopen", area.w1)),
        client.post(_url("reopen", area.w1), {"reason": "x"}),
        client.post(_url("return", area.w1), {"reason": "x"}),
    ):
        assert response.status_code == 404
        assert area.w1.name not in response.content.decode()
    ward_month.refresh_from_db()
    assert ward_month.status == MonthStatus.SUBMITTED
    listing = client.get(reverse("support_monthly:months"), {"month": f"{MONTH:%Y-%m}"})
    assert area.w1.name not in listing.content.decode()


def test_the_ward_officer_cannot_approve_their_own_month(client, area, records):
    _submitted(area)
    client.force_login(area.ward_officer)
    # Wagtail answers PermissionDenied in the admin with a redirect to its home page.
    assert client.post(_url("approve", area.w1))["Location"] == reverse("wagtailadmin_home")
    assert client.post(_url("reopen", area.w1), {"reason": "x"})["Location"] == reverse(
        "wagtailadmin_home"
    )
    assert WardMonth.objects.get().status == MonthStatus.SUBMITTED


def test_a_trainer_has_no_monthly_screens(client, area):
    client.force_login(with_groups(TrainerFactory()))
    home = reverse("wagtailadmin_home")
    for name in ("months", "completeness", "indicators", "indicators_import"):
        response = client.get(reverse(f"support_monthly:{name}"))
        assert response.status_code == 302 and response["Location"] == home


def test_the_demo_loader_approves_one_month_and_leaves_last_month_waiting(area):
    WardOfficerFactory(username="0912000004", ward=area.w1, province=area.p1)
    ProvinceOfficerFactory(username="0912000003", province=area.p1)
    seed()
    approved = WardMonth.objects.get(ward=area.w1)
    assert approved.month == MONTH and approved.status == MonthStatus.APPROVED
    assert not WardMonth.objects.filter(month=last_month()).exists()
    assert ModelLogEntry.objects.filter(action="support.month_approve").count() == 1
    assert len(indicators_grid(ward=area.w1, year=timezone.localdate().year)) == 7


def test_national_screen_is_one_line_per_province_linking_to_its_wards(client, area, records):
    """Nationally every ward of the country on one page was 3,300 rows and 3 MB (issue 18.1)."""
    from tests.factories.accounts import AdminFactory

    _submitted(area)
    client.force_login(AdminFactory())
    text = client.get(reverse("support_monthly:months"), {"month": f"{MONTH:%Y-%m}"}).content
    text = text.decode()
    assert area.w1.province.name in text and "Xem các xã, phường" in text
    assert area.w1.name not in text  # no ward rows until a province is chosen
    chosen = client.get(
        reverse("support_monthly:months"),
        {"month": f"{MONTH:%Y-%m}", "province": area.w1.province_id},
    ).content.decode()
    assert area.w1.name in chosen and "Duyệt" in chosen
