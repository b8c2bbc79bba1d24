import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .models import AnonymisationRecord, ExportLog, User


def _exporters(request):
    return (
        User.objects.filter(export_logs__isnull=False)
        .distinct()
        .order_by("last_name", "first_name")
    )


class ExportLogFilterSet(WagtailFilterSet):
    user = django_filters.ModelChoiceFilter(label=_("Người xuất"), queryset=_exporters)
    export = django_filters.ChoiceFilter(label=_("Dữ liệu xuất"), method="filter_export")
    file_format = django_filters.ChoiceFilter(
        label=_("Định dạng"), choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("pdf", "PDF")]
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Thời điểm"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ExportLog
        fields = ["user", "export", "file_format", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = ExportLog.objects.order_by("export").values_list("export", flat=True).distinct()
        self.filters["export"].extra["choices"] = [(n, n) for n in names]

    def filter_export(self, queryset, name, value):
        return queryset.filter(export=value)


class AnonymisationRecordFilterSet(WagtailFilterSet):
    performed_at = django_filters.DateFromToRangeFilter(
        label=_("Thời điểm"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AnonymisationRecord
        fields = ["performed_at"]
