from wagtail import hooks
from wagtail.snippets.models import register_snippet

from lms.pages.models import NEWS_INDEX_CONTEXT_HOOK

from .announcements.selectors import public_announcements
from .announcements.viewsets import AnnouncementViewSet
from .models import CourseIndexPage
from .permissions import course_tree_permissions_sync
from .viewsets import LearningGroup, TopicDeleteBulkAction, TopicViewSet

register_snippet(TopicViewSet)
register_snippet(AnnouncementViewSet)
hooks.register("register_bulk_action", TopicDeleteBulkAction, order=1)


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningGroup()


@hooks.register("after_create_page")
def grant_course_tree_permissions(request, page):
    # A new course catalogue gets the Trainers/Reviewers page permissions and the workflow.
    if isinstance(page.specific, CourseIndexPage):
        course_tree_permissions_sync()


@hooks.register(NEWS_INDEX_CONTEXT_HOOK)
def news_index_announcements(request, page):
    # The news section lists the approved local announcements, filterable by area.
    return public_announcements(params=request.GET)
