"""Permissions this app grants to each role's group (see lms.accounts.groups), and the page
permissions and moderation workflow of the course tree.

Trainers write under the course catalogue and submit for moderation; reviewers publish. Page
permissions cannot live in ``ROLE_PERMISSIONS`` because they hang on a page, which only exists
once the catalogue is created (demo loader, post-migrate or the admin's "after_create_page").
"""

from lms.accounts.choices import Role
from lms.accounts.groups import ROLE_GROUPS

from .models import CourseIndexPage

_RECORDS_VIEW = [
    "courses.view_enrolment",
    "courses.view_coursecompletion",
    "courses.view_quizattempt",
]

# Officers write announcements of their own area. Ward officers submit them for moderation;
# province officers approve them (Wagtail publishes an approved revision as the approver, who
# therefore holds the publish permission, limited to their province by the scoped screens).
# Deleting is left to administrators.
_ANNOUNCEMENTS = [
    "courses.add_announcement",
    "courses.change_announcement",
    "courses.view_announcement",
]

ROLE_PERMISSIONS = {
    Role.TRAINER: [
        "courses.add_topic",
        "courses.change_topic",
        "courses.view_topic",
        "courses.add_enrolment",
        *_RECORDS_VIEW,
    ],
    Role.REVIEWER: [
        "courses.add_topic",
        "courses.change_topic",
        "courses.delete_topic",
        "courses.view_topic",
    ],
    Role.PROVINCE_OFFICER: [
        "courses.add_enrolment",
        *_RECORDS_VIEW,
        *_ANNOUNCEMENTS,
        "courses.publish_announcement",
    ],
    Role.WARD_OFFICER: ["courses.add_enrolment", *_RECORDS_VIEW, *_ANNOUNCEMENTS],
}

# Page permissions on the course catalogue (inherited by every course and lesson below it).
TREE_PAGE_PERMISSIONS = {
    Role.TRAINER: ["add_page", "change_page"],
    Role.REVIEWER: ["add_page", "change_page", "publish_page", "unlock_page"],
}
# Collection permissions on the root collection so lessons can have images and documents.
COLLECTION_PERMISSIONS = {
    Role.TRAINER: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    Role.REVIEWER: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}

WORKFLOW_NAME = "Duyệt nội dung khóa học"
TASK_NAME = "Người duyệt nội dung phê duyệt"


def course_tree_permissions_sync():
    """Give Trainers and Reviewers their rights on the course catalogue and attach the
    moderation workflow to it. Idempotent; does nothing until the catalogue exists."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    index = CourseIndexPage.objects.first()
    if index is None:
        return None
    groups = {
        role: Group.objects.get_or_create(name=ROLE_GROUPS[role][0])[0]
        for role in (Role.TRAINER, Role.REVIEWER)
    }
    for role, codenames in TREE_PAGE_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=groups[role], page=index, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for role, perms in COLLECTION_PERMISSIONS.items():
            for perm in perms:
                app_label, codename = perm.split(".")
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[role], collection=root_collection, permission=permission
                    )

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(groups[Role.REVIEWER])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


ANNOUNCEMENT_WORKFLOW_NAME = "Duyệt thông báo địa phương"
ANNOUNCEMENT_TASK_NAME = "Cán bộ cấp tỉnh của địa bàn duyệt"


def announcement_workflow_sync():
    """Attach the "Duyệt thông báo địa phương" workflow (one area approval task) to
    announcements. Idempotent; runs after migrate and from the demo loader."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    from .models import Announcement, AreaApprovalTask

    workflow, _created = Workflow.objects.get_or_create(name=ANNOUNCEMENT_WORKFLOW_NAME)
    task = AreaApprovalTask.objects.filter(name=ANNOUNCEMENT_TASK_NAME).first()
    if task is None:
        task = AreaApprovalTask.objects.create(name=ANNOUNCEMENT_TASK_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Announcement),
        defaults={"workflow": workflow},
    )
    return workflow
