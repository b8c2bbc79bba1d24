import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .choices import Channel, Kind, Status
from .models import OutboundMessage


class OutboundMessageFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Status.choices)
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=Channel.choices)
    kind = django_filters.ChoiceFilter(label=_("Loại nhắc"), choices=Kind.choices)
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Tạo lúc"), widget=DateRangePickerWidget
    )

    class Meta:
        model = OutboundMessage
        fields = ["status", "channel", "kind", "created_at"]
