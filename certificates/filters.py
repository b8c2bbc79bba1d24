"""Admin filters for certificates and bulk jobs. Unit choices are limited to the user's scope
(``teams.filters`` does the same), so an officer cannot pick a ward they may not see."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from courses.models import CoursePage
from lms.accounts.scoping import scope_queryset
from lms.core.filters import ModelChoiceFilter
from teams.models import Ward

from .choices import BulkJobStatus, CertificateStatus, PublicStatus
from .models import BulkIssueJob, Certificate


def _courses(request):

    return CoursePage.objects.order_by("title")


def _wards(request):

    if request is None:
        return Ward.objects.none()
    return scope_queryset(request.user, Ward.objects.select_related("province")).order_by(
        "province__code", "name"
    )


class CertificateFilterSet(WagtailFilterSet):
    course = ModelChoiceFilter(label=_("Khóa học"), queryset=_courses)
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=PublicStatus.choices, method="filter_status"
    )
    ward = ModelChoiceFilter(label=_("Xã, phường"), queryset=_wards, method="filter_ward")
    year = django_filters.NumberFilter(label=_("Năm cấp"))

    class Meta:
        model = Certificate
        fields = ["course", "status", "ward", "year"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == PublicStatus.REVOKED:
            return queryset.filter(status=CertificateStatus.REVOKED)
        if value == PublicStatus.EXPIRED:
            return queryset.filter(status=CertificateStatus.VALID, expires_on__lt=today)
        if value == PublicStatus.VALID:
            return queryset.valid_on(today)
        return queryset

    def filter_ward(self, queryset, name, value):
        return queryset.filter(holder__ward=value) if value else queryset


class BulkIssueJobFilterSet(WagtailFilterSet):
    course = ModelChoiceFilter(label=_("Khóa học"), queryset=_courses)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=BulkJobStatus.choices)

    class Meta:
        model = BulkIssueJob
        fields = ["course", "status"]
