"""One write path for the course topics snippet: creating, editing and deleting a topic in the
admin leaves the rows (topics and Wagtail's audit log) that ``courses.services`` leaves."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Topic
from lms.accounts.groups import group_for_role, groups_sync
from tests.factories.accounts import ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    """A content reviewer: the role that may add, change and delete topics."""
    groups_sync()
    user = ReviewerFactory()
    user.groups.add(group_for_role(user.role))
    client.force_login(user)
    return user


def url(action, *args):
    return reverse(f"wagtailsnippets_courses_topic:{action}", args=args)


def rows():
    # The topics the data migration ships (slugs without our "t-" prefix) are left out.
    topics = list(
        Topic.objects.filter(slug__startswith="t-")
        .order_by("name")
        .values_list("name", "slug", "description")
    )
    log = list(
        ModelLogEntry.objects.filter(content_type__model="topic")
        .order_by("pk")
        .values_list("action", "user_id", "label")
    )
    return {"topics": topics, "log": log}


DATA = {"name": "An toàn trên mạng (thử)", "slug": "t-an-toan", "description": "Nhận biết lừa đảo."}


def test_create_in_the_admin_leaves_what_the_service_leaves(client, reviewer):
    response = client.post(url("add"), DATA)
    assert response.status_code == 302
    by_admin = rows()
    Topic.objects.filter(slug__startswith="t-").delete()
    ModelLogEntry.objects.all().delete()
    services.topic_create(by=reviewer, **DATA)
    assert rows() == by_admin
    assert by_admin["log"] == [("wagtail.create", reviewer.pk, "An toàn trên mạng (thử)")]


def test_edit_and_delete_go_through_the_services(client, reviewer):
    first = services.topic_create(name="Dịch vụ công", slug="t-dvc", by=reviewer)
    second = services.topic_create(name="Thanh toán", slug="t-thanh-toan", by=reviewer)
    response = client.post(url("edit", first.pk), {**DATA, "name": "Dịch vụ công mức độ 4 (thử)"})
    assert response.status_code == 302
    services.topic_update(topic=second, by=reviewer, name="Thanh toán số (thử)")
    assert rows()["topics"] == [
        ("Dịch vụ công mức độ 4 (thử)", "t-an-toan", "Nhận biết lừa đảo."),
        ("Thanh toán số (thử)", "t-thanh-toan", ""),
    ]
    assert [entry[0] for entry in rows()["log"]] == ["wagtail.create"] * 2 + ["wagtail.edit"] * 2

    response = client.post(url("delete", first.pk))
    assert response.status_code == 302
    services.topic_delete(topic=second, by=reviewer)
    assert rows()["topics"] == []
    assert [entry[0] for entry in rows()["log"]][-2:] == ["wagtail.delete"] * 2


def test_a_duplicate_name_shows_the_service_message_and_saves_nothing(client, reviewer):
    services.topic_create(name="An toàn trên mạng (thử)", slug="t-khac", by=reviewer)
    response = client.post(url("add"), DATA)
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Topic.objects.filter(slug__startswith="t-").count() == 1


def test_delete_selected_goes_through_the_service(client, reviewer):
    topics = [
        services.topic_create(name=f"Chủ đề {i}", slug=f"t-cd-{i}", by=reviewer) for i in (1, 2)
    ]
    bulk = reverse("wagtail_bulk_action", args=("courses", "topic", "delete"))
    response = client.post(f"{bulk}?id={topics[0].pk}&id={topics[1].pk}")
    assert response.status_code == 302
    assert rows()["topics"] == []
    assert [entry[:2] for entry in rows()["log"]][-2:] == [("wagtail.delete", reviewer.pk)] * 2
