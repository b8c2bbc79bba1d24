"""Trainers write under the course catalogue only; reviewers publish through the workflow."""

import pytest
from wagtail.models import GroupPagePermission

from courses.permissions import WORKFLOW_NAME, course_tree_permissions_sync
from lms.accounts.choices import Role
from lms.accounts.groups import group_for_role, groups_sync
from tests.factories.accounts import TrainerFactory, UserFactory
from tests.factories.courses import lesson_page


@pytest.fixture
def tree(site_pages, index, course):
    groups_sync()
    course_tree_permissions_sync()
    trainer = TrainerFactory()
    trainer.groups.add(group_for_role(Role.TRAINER))
    reviewer = UserFactory(role=Role.REVIEWER, is_staff=True)
    reviewer.groups.add(group_for_role(Role.REVIEWER))
    return {
        "home": site_pages,
        "index": index,
        "course": course,
        "trainer": trainer,
        "reviewer": reviewer,
    }


class TrainerPermissionTests:
    def test_trainer_edits_the_course_tree_only(self, tree):
        trainer, home, index, course = tree["trainer"], tree["home"], tree["index"], tree["course"]
        assert course.permissions_for_user(trainer).can_edit()
        assert index.permissions_for_user(trainer).can_add_subpage()
        assert course.permissions_for_user(trainer).can_add_subpage()
        assert not home.permissions_for_user(trainer).can_edit()
        assert not home.permissions_for_user(trainer).can_add_subpage()
        assert not course.permissions_for_user(trainer).can_publish()

    def test_reviewer_publishes(self, tree):
        assert tree["course"].permissions_for_user(tree["reviewer"]).can_publish()
        assert not tree["home"].permissions_for_user(tree["reviewer"]).can_publish()

    def test_admin_edit_views(self, client, tree):
        client.force_login(tree["trainer"])
        assert client.get(f"/admin/pages/{tree['course'].pk}/edit/").status_code == 200
        assert (
            client.get(f"/admin/pages/add/courses/lessonpage/{tree['course'].pk}/").status_code
            == 200
        )
        home_edit = client.get(f"/admin/pages/{tree['home'].pk}/edit/")
        assert home_edit.status_code in (302, 403)

    def test_topic_snippet_permissions(self, tree):
        assert tree["trainer"].has_perm("courses.change_topic")
        assert tree["reviewer"].has_perm("courses.delete_topic")
        assert not tree["trainer"].has_perm("courses.delete_topic")

    def test_sync_is_idempotent(self, tree):
        on_index = GroupPagePermission.objects.filter(page=tree["index"])
        before = on_index.count()
        course_tree_permissions_sync()
        # Trainers: add + change; reviewers: add + change + publish + unlock.
        assert on_index.count() == before == 6


class ModerationTests:
    def test_trainer_submits_reviewer_publishes(self, tree):
        trainer, reviewer = tree["trainer"], tree["reviewer"]
        lesson = lesson_page(tree["course"], title="Bài đã xuất bản")
        workflow = lesson.get_workflow()
        assert workflow is not None and workflow.name == WORKFLOW_NAME

        lesson.title = "Bài đã sửa, chờ duyệt"
        revision = lesson.save_revision(user=trainer)
        state = workflow.start(lesson, trainer)
        task_state = state.current_task_state
        task = task_state.task.specific
        assert "approve" not in [name for name, *_rest in task.get_actions(lesson, trainer)]
        assert "approve" in [name for name, *_rest in task.get_actions(lesson, reviewer)]

        task.on_action(task_state, reviewer, "approve")
        lesson.refresh_from_db()
        assert lesson.live_revision_id == revision.pk
        assert lesson.title == "Bài đã sửa, chờ duyệt"
