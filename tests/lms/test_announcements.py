"""Local announcements: ward and province officers post for their own area through moderation
("Duyệt thông báo địa phương"); a province officer of that province or the administrator
approves; the news section lists approved ones, filterable by area."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import rich_text

from courses.models import Announcement
from courses.permissions import announcement_workflow_sync
from lms.accounts.choices import Role
from lms.accounts.groups import group_for_role, groups_sync
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory, WardOfficerFactory
from tests.factories.teams import ProvinceFactory, WardFactory

pytestmark = pytest.mark.django_db

TITLE = "Lịch tập huấn VNeID tại nhà văn hóa Khu vực 1"


def _url(name, *args):
    return reverse(f"wagtailsnippets_courses_announcement:{name}", args=args)


@pytest.fixture
def area(site_pages):
    groups_sync()
    announcement_workflow_sync()
    province, other_province = ProvinceFactory(), ProvinceFactory()
    ward, other_ward = WardFactory(province=province), WardFactory(province=province)
    far_ward = WardFactory(province=other_province)

    def officer(factory, role, **unit):
        user = factory(**unit)
        user.groups.add(group_for_role(role))
        return user

    return {
        "province": province,
        "ward": ward,
        "other_ward": other_ward,
        "far_ward": far_ward,
        "writer": officer(WardOfficerFactory, Role.WARD_OFFICER, ward=ward),
        "neighbour": officer(WardOfficerFactory, Role.WARD_OFFICER, ward=other_ward),
        "approver": officer(ProvinceOfficerFactory, Role.PROVINCE_OFFICER, province=province),
        "stranger": officer(ProvinceOfficerFactory, Role.PROVINCE_OFFICER, province=other_province),
    }


def _form(area, **changes):
    data = {
        "title": TITLE,
        "date": "2026-05-04",
        "province": str(area["province"].pk),
        "ward": str(area["ward"].pk),
        "body": rich_text("<p>Mang theo điện thoại và căn cước.</p>"),
    }
    data.update(changes)
    return data


def _submit(client, area, **changes):
    client.force_login(area["writer"])
    response = client.post(_url("add"), {**_form(area, **changes), "action-submit": "Gửi duyệt"})
    # The writer's "saved" message sits in a cookie of this client: other users get their own.
    client.cookies.pop("messages", None)
    return response


def test_ward_officer_creates_and_submits(client, area):
    client.force_login(area["writer"])
    form = client.get(_url("add"))
    html = form.content.decode()
    assert form.status_code == 200
    # The area choices hold only the officer's own ward and province.
    assert area["ward"].name in html and area["other_ward"].name not in html
    response = _submit(client, area)
    assert response.status_code == 302, response.content.decode()[:3000]
    announcement = Announcement.objects.get()
    assert not announcement.live
    assert announcement.workflow_in_progress
    assert (announcement.province, announcement.ward) == (area["province"], area["ward"])


def test_ward_officer_cannot_post_for_the_whole_province_or_another_ward(client, area):
    response = _submit(client, area, ward="")
    assert "Cán bộ cấp xã chỉ đăng thông báo cho xã, phường của mình." in response.content.decode()
    response = _submit(client, area, ward=str(area["other_ward"].pk))
    assert response.status_code == 200
    assert Announcement.objects.count() == 0


def test_ward_officer_cannot_publish_without_moderation(client, area):
    client.force_login(area["writer"])
    client.post(_url("add"), {**_form(area), "action-publish": "Đăng"})
    assert not Announcement.objects.filter(live=True).exists()


def test_other_areas_cannot_see_or_edit(client, area):
    _submit(client, area)
    announcement = Announcement.objects.get()
    for who in ("neighbour", "stranger"):
        client.force_login(area[who])
        listing = client.get(_url("list"))
        assert listing.status_code == 200 and TITLE not in listing.content.decode()
        for name in ("edit", "history", "workflow_history", "usage", "delete"):
            assert client.get(_url(name, announcement.pk)).status_code == 404, (who, name)
        response = client.post(_url("edit", announcement.pk), _form(area, title="Đã sửa"))
        assert response.status_code == 404
        assert TITLE not in client.get(reverse("wagtailadmin_home")).content.decode()
    task_state = TaskState.objects.get()
    client.force_login(area["stranger"])
    url = _url("workflow_action", announcement.pk, "approve", task_state.pk)
    assert client.post(url).status_code == 404
    announcement.refresh_from_db()
    assert announcement.title == TITLE and not announcement.live


def test_stranger_cannot_approve_through_their_own_announcement(client, area):
    """The workflow-action URL carries the task state apart from the object: pairing one's own
    announcement with another province's task state is refused."""
    _submit(client, area)
    task_state = TaskState.objects.get()
    own = Announcement.objects.create(
        title="Của tỉnh khác", body="<p>x</p>", province=area["far_ward"].province, live=False
    )
    client.force_login(area["stranger"])
    url = _url("workflow_action", own.pk, "approve", task_state.pk)
    assert client.post(url).status_code == 404
    assert not Announcement.objects.get(title=TITLE).live


def test_approver_publishes_and_the_news_section_shows_it(client, area):
    _submit(client, area)
    announcement = Announcement.objects.get()
    public = reverse("pages:news")
    assert TITLE not in client.get(public, follow=True).content.decode()

    client.force_login(area["approver"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert TITLE in dashboard  # "Đang chờ bạn duyệt"
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    response = client.post(_url("workflow_action", announcement.pk, "approve", task_state.pk))
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.live

    client.logout()
    html = client.get(public, follow=True).content.decode()
    assert TITLE in html and "Mang theo điện thoại và căn cước." in html
    news_url = client.get(public).url
    # Filtered by area: its ward and its province show it, another ward or province do not.
    for params, shown in (
        ({"tinh": area["province"].pk}, True),
        ({"tinh": area["province"].pk, "xa": area["ward"].pk}, True),
        ({"tinh": area["province"].pk, "xa": area["other_ward"].pk}, False),
        ({"tinh": area["far_ward"].province.pk}, False),
    ):
        response = client.get(news_url, params)
        assert response.status_code == 200
        assert (TITLE in response.content.decode()) is shown, params
    bad = client.get(news_url, {"tinh": "abc"})
    assert bad.status_code == 200 and TITLE not in bad.content.decode()


def test_administrator_approves_too(client, area):
    _submit(client, area)
    announcement = Announcement.objects.get()
    client.force_login(AdminFactory())
    task_state = TaskState.objects.get()
    client.post(_url("workflow_action", announcement.pk, "approve", task_state.pk))
    announcement.refresh_from_db()
    assert announcement.live
