from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import CourseIndexPage
from .permissions import course_tree_permissions_sync
from .viewsets import LearningGroup, TopicDeleteBulkAction, TopicViewSet

register_snippet(TopicViewSet)
hooks.register("register_bulk_action", TopicDeleteBulkAction, order=1)


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningGroup()


@hooks.register("after_create_page")
def grant_course_tree_permissions(request, page):
    # A new course catalogue gets the Trainers/Reviewers page permissions and the workflow.
    if isinstance(page.specific, CourseIndexPage):
        course_tree_permissions_sync()
