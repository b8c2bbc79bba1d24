"""The support log's admin filters. Nationally, units are chosen top-down as on the registry
screens (``teams.filters``): no list of every ward (3,321) or every team until a province (or
a ward) is chosen; the ward ``<select>`` is refilled by script when the province changes, and a
ward or team named in a link still filters on its own. Above one ward (a province officer too)
the team ``<select>`` likewise waits for a ward and is refilled when the ward changes."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from lms.core.filters import ModelChoiceFilter
from teams.filters import (
    WardSelect,
    follow_province,
    follow_ward,
    province_choices,
    team_choices,
    ward_choices,
)

from .choices import Place
from .forms import parse_month
from .models import SupportRecord


class SupportRecordFilterSet(WagtailFilterSet):
    province = ModelChoiceFilter(
        label=_("Tỉnh, thành phố"), queryset=province_choices, method="filter_province"
    )
    ward = ModelChoiceFilter(label=_("Xã, phường"), queryset=ward_choices, widget=WardSelect)
    team = ModelChoiceFilter(label=_("Tổ"), queryset=team_choices)
    month = django_filters.CharFilter(
        label=_("Tháng (MM/YYYY)"), method="filter_month", help_text=_("Ví dụ 10/2026.")
    )
    place = django_filters.ChoiceFilter(label=_("Nơi hỗ trợ"), choices=Place.choices)
    is_tally = django_filters.BooleanFilter(label=_("Số liệu cả ngày"))

    class Meta:
        model = SupportRecord
        fields = ["province", "ward", "team", "month", "place", "is_tally"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        follow_province(self, request)
        follow_ward(self, request)

    def filter_province(self, queryset, name, value):
        return queryset.filter(ward__province=value) if value else queryset

    def filter_month(self, queryset, name, value):
        month = parse_month(value)
        # A month that cannot be read matches nothing, rather than everything.
        return queryset.filter(month=month) if month else queryset.none()
