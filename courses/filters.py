import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from lms.core.filters import ModelChoiceFilter

from .choices import EnrolmentSource
from .models import CourseCompletion, CoursePage, Enrolment, QuizAttempt


def _courses(request):
    return CoursePage.objects.order_by("title")


class EnrolmentFilterSet(WagtailFilterSet):
    course = ModelChoiceFilter(label=_("Khóa học"), queryset=_courses)
    source = django_filters.ChoiceFilter(label=_("Hình thức"), choices=EnrolmentSource.choices)
    enrolled_at = django_filters.DateFromToRangeFilter(
        label=_("Thời điểm ghi danh"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Enrolment
        fields = ["course", "source", "enrolled_at"]


class CourseCompletionFilterSet(WagtailFilterSet):
    course = ModelChoiceFilter(label=_("Khóa học"), queryset=_courses)
    completed_on = django_filters.DateFromToRangeFilter(
        label=_("Ngày hoàn thành"), widget=DateRangePickerWidget
    )

    class Meta:
        model = CourseCompletion
        fields = ["course", "completed_on"]


class QuizAttemptFilterSet(WagtailFilterSet):
    passed = django_filters.BooleanFilter(label=_("Đạt"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Thời điểm làm bài"), widget=DateRangePickerWidget
    )

    class Meta:
        model = QuizAttempt
        fields = ["passed", "created_at"]
