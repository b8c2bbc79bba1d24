"""The public announcement list's area filter (``?tinh=<province>&xa=<ward>``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teams.models import Province, Ward

from ..models import Announcement


class AnnouncementFilterSet(django_filters.FilterSet):
    tinh = django_filters.ModelChoiceFilter(
        label=_("Tỉnh, thành phố"),
        queryset=Province.objects.all(),
        method="filter_province",
        empty_label=_("Cả nước"),
    )
    xa = django_filters.ModelChoiceFilter(
        label=_("Xã, phường"),
        queryset=Ward.objects.none(),
        method="filter_ward",
        empty_label=_("Tất cả xã, phường"),
    )

    class Meta:
        model = Announcement
        fields = ["tinh", "xa"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The ward list follows the chosen province (a few hundred, never all 3,321).
        province = self.data.get("tinh") if self.data else None
        if province and str(province).isdigit():
            self.filters["xa"].queryset = Ward.objects.filter(province_id=province)
            self.form.fields["xa"].queryset = self.filters["xa"].queryset

    def filter_province(self, queryset, name, value):
        return queryset.filter(province=value) if value else queryset

    def filter_ward(self, queryset, name, value):
        # A citizen of a ward needs their ward's announcements and the province-wide ones.
        if not value:
            return queryset
        return queryset.filter(Q(ward=value) | Q(ward__isnull=True, province_id=value.province_id))
