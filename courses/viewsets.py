"""Admin screens of learning records (enrolments, completions, quiz attempts) and topics."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.viewsets import (
    ReadOnlyScopedModelViewSet,
    ServiceDeleteBulkAction,
    ServiceFormMixin,
)

from . import services
from .admin_views import BulkEnrolmentView
from .filters import CourseCompletionFilterSet, EnrolmentFilterSet, QuizAttemptFilterSet
from .models import CourseCompletion, Enrolment, QuizAttempt, Topic


def _topic_fields(form):
    return {name: form.cleaned_data[name] for name in ("name", "slug", "description")}


class TopicCreateView(ServiceFormMixin, snippet_views.CreateView):
    def save_instance(self):
        return services.topic_create(by=self.request.user, **_topic_fields(self.form))


class TopicEditView(ServiceFormMixin, snippet_views.EditView):
    def save_instance(self):
        topic = Topic.objects.get(pk=self.object.pk)
        return services.topic_update(topic=topic, by=self.request.user, **_topic_fields(self.form))


class TopicDeleteView(snippet_views.DeleteView):
    def delete_action(self):
        services.topic_delete(topic=self.object, by=self.request.user)


class TopicDeleteBulkAction(ServiceDeleteBulkAction):
    """The listing's "delete selected" goes through the service too."""

    models = [Topic]

    @staticmethod
    def delete(topic, *, by):
        services.topic_delete(topic=topic, by=by)


class TopicViewSet(SnippetViewSet):
    model = Topic
    add_view_class = TopicCreateView
    edit_view_class = TopicEditView
    delete_view_class = TopicDeleteView
    icon = "tag"
    menu_label = _("Chủ đề khóa học")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    inspect_view_enabled = True


class ScopedRecordViewSet(ReadOnlyScopedModelViewSet):
    """Learning records are written by learners and services, never edited by hand: only the
    listing and the inspect view are routed. Officers hold add_enrolment (for bulk enrolment);
    the base class keeps the generic views from offering buttons to URLs that are not routed."""

    list_export = []


class EnrolmentViewSet(ScopedRecordViewSet):
    model = Enrolment
    name = "courses_enrolment"
    icon = "user"
    menu_label = _("Ghi danh")
    url_prefix = "courses/enrolments"
    list_display = ["member", "course", "enrolled_at", "source", "enrolled_by"]
    filterset_class = EnrolmentFilterSet
    search_fields = ["member__full_name"]
    inspect_view_fields = ["member", "course", "enrolled_at", "source", "enrolled_by"]

    def get_queryset(self, request):
        return Enrolment.objects.select_related("member", "course", "enrolled_by")


class CourseCompletionViewSet(ScopedRecordViewSet):
    model = CourseCompletion
    name = "courses_coursecompletion"
    icon = "success"
    menu_label = _("Hoàn thành khóa học")
    url_prefix = "courses/completions"
    list_display = ["member", "course", "completed_on", "quiz_score_percent", "sessions_attended"]
    filterset_class = CourseCompletionFilterSet
    search_fields = ["member__full_name"]
    inspect_view_fields = [
        "member",
        "course",
        "completed_on",
        "quiz_score_percent",
        "sessions_attended",
        "recorded_at",
    ]

    def get_queryset(self, request):
        return CourseCompletion.objects.select_related("member", "course")


class QuizAttemptViewSet(ScopedRecordViewSet):
    model = QuizAttempt
    name = "courses_quizattempt"
    icon = "help"
    menu_label = _("Bài kiểm tra đã làm")
    url_prefix = "courses/quiz-attempts"
    list_display = ["member", "lesson", "score_percent", "passed", "created_at"]
    filterset_class = QuizAttemptFilterSet
    search_fields = ["member__full_name"]
    inspect_view_fields = ["member", "lesson", "score_percent", "passed", "created_at", "answers"]

    def get_queryset(self, request):
        return QuizAttempt.objects.select_related("member", "lesson")


class BulkEnrolmentMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.add_enrolment")


class BulkEnrolmentViewSet(ViewSet):
    name = "course_bulk_enrol"
    url_prefix = "courses/bulk-enrol"
    icon = "group"
    menu_label = _("Ghi danh theo danh sách")
    menu_item_class = BulkEnrolmentMenuItem

    @property
    def menu_url(self):
        return reverse("course_bulk_enrol:index")

    def get_urlpatterns(self):
        from django.urls import path

        return [path("", BulkEnrolmentView.as_view(), name="index")]


class LearningGroup(ViewSetGroup):
    items = (BulkEnrolmentViewSet, EnrolmentViewSet, CourseCompletionViewSet, QuizAttemptViewSet)
    menu_label = _("Học tập")
    menu_icon = "doc-full-inverse"
    menu_order = 300
