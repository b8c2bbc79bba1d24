"""Admin screens: scoped learning records, the Topic snippet, the catalogue URL."""

import pytest
from django.urls import reverse

from courses.models import Enrolment, Topic
from lms.accounts.choices import Role
from lms.accounts.groups import group_for_role, groups_sync
from tests.factories.accounts import WardOfficerFactory
from tests.factories.courses import EnrolmentFactory
from tests.factories.teams import MemberFactory, WardFactory


@pytest.fixture
def records(course):
    groups_sync()
    ward, other = WardFactory(), WardFactory()
    mine = EnrolmentFactory(
        member=MemberFactory(ward=ward, full_name="Lê Thị Trong Xã"), course=course
    )
    theirs = EnrolmentFactory(
        member=MemberFactory(ward=other, full_name="Phan Văn Xã Khác"), course=course
    )
    officer = WardOfficerFactory(ward=ward)
    officer.groups.add(group_for_role(Role.WARD_OFFICER))
    return officer, mine, theirs


@pytest.mark.parametrize("viewset", ["enrolment", "coursecompletion", "quizattempt"])
def test_listings_open_for_officers(client, records, viewset):
    officer, _mine, _theirs = records
    client.force_login(officer)
    assert client.get(reverse(f"courses_{viewset}:index")).status_code == 200


def test_enrolment_listing_is_scoped(client, records):
    officer, mine, theirs = records
    client.force_login(officer)
    html = client.get(reverse("courses_enrolment:index")).content.decode()
    assert mine.member.full_name in html and theirs.member.full_name not in html
    searched = client.get(reverse("courses_enrolment:index"), {"q": "Trong Xã"}).content.decode()
    assert mine.member.full_name in searched
    assert client.get(reverse("courses_enrolment:inspect", args=[mine.pk])).status_code == 200
    assert client.get(reverse("courses_enrolment:inspect", args=[theirs.pk])).status_code == 404


def test_records_are_not_editable(client, records):
    with pytest.raises(Exception):  # noqa: B017 - the URL is not routed at all
        reverse("courses_enrolment:edit", args=[1])
    assert Enrolment.objects.count() == 2


def test_topics_seeded_and_listed(admin_client):
    assert Topic.objects.count() == 8
    assert Topic.objects.filter(name="Phòng chống lừa đảo trực tuyến").exists()
    response = admin_client.get(reverse("wagtailsnippets_courses_topic:list"))
    assert response.status_code == 200
    assert "Dịch vụ công trực tuyến" in response.content.decode()


def test_catalogue_url(client, index):
    response = client.get(reverse("courses:catalogue"))
    assert response.status_code == 302 and response["Location"] == index.url


def test_catalogue_without_index(client, db):
    response = client.get(reverse("courses:catalogue"))
    assert response.status_code == 200
    assert "Chưa có khóa học nào" in response.content.decode()


def test_catalogue_filters_by_topic(client, index, course):
    from tests.factories.courses import course_page

    other = course_page(index, title="Khóa không có chủ đề")
    topic = Topic.objects.get(slug="vneid")
    course.topics.add(topic)
    course.save_revision().publish()
    html = client.get(index.url, {"chu-de": "vneid"}).content.decode()
    assert course.title in html and other.title not in html
