from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_course_tree_permissions(sender, **kwargs):
    # Runs after every app's migrations so the wagtailcore permissions exist; cheap and
    # idempotent, and a no-op until the course catalogue page has been created.
    if sender.label != "courses":
        return
    from .permissions import announcement_workflow_sync, course_tree_permissions_sync

    course_tree_permissions_sync()
    announcement_workflow_sync()


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.accounts.groups import role_permissions_register

        from .permissions import ROLE_PERMISSIONS

        role_permissions_register(app_label=self.label, permissions=ROLE_PERMISSIONS)
        post_migrate.connect(
            _sync_course_tree_permissions, dispatch_uid="courses_sync_course_tree_permissions"
        )
