"""The support log's admin filters. Nationally, units are chosen top-down as on the registry
screens (``teams.filters``): no list of every ward (3,321) or every team until a province (or
a ward) is chosen; the ward ``<select>`` is refilled by script when the province changes, and a
ward or team named in a link still filters on its own."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.collation import vi_ordered
from lms.core.filters import ModelChoiceFilter
from teams.filters import (
    WardSelect,
    chosen_id,
    follow_province,
    province_choices,
    ward_choices,
)
from teams.models import CommunityTeam, Ward

from .choices import Place
from .forms import parse_month
from .models import SupportRecord


def teams_wait_for_ward(request):
    """Whether the team choice waits for a ward: for anyone whose area is more than one ward.
    A province has up to ~2,800 teams (a 400 KB page of ``<option>``s); a ward officer keeps
    the few teams of their ward."""
    return (
        request is not None
        and not scope_for(request.user).ward_id
        and chosen_id(request, "ward", Ward) is None
    )


def _teams(request):
    """The teams of the chosen ward; with no ward chosen, only a team the link names (a ward
    officer keeps the teams of their ward)."""
    if request is None:
        return CommunityTeam.objects.none()
    qs = scope_queryset(request.user, CommunityTeam.objects.all())
    ward = chosen_id(request, "ward", Ward)
    if ward:
        qs = qs.filter(ward_id=ward)
    elif teams_wait_for_ward(request):
        team = chosen_id(request, "team", CommunityTeam)
        qs = qs.filter(pk=team) if team else qs.none()
    return vi_ordered(qs, "name")


class SupportRecordFilterSet(WagtailFilterSet):
    province = ModelChoiceFilter(
        label=_("Tỉnh, thành phố"), queryset=province_choices, method="filter_province"
    )
    ward = ModelChoiceFilter(label=_("Xã, phường"), queryset=ward_choices, widget=WardSelect)
    team = ModelChoiceFilter(label=_("Tổ"), queryset=_teams)
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
        if teams_wait_for_ward(request):
            self.filters["team"].extra["empty_label"] = _("Chọn xã, phường trước")

    def filter_province(self, queryset, name, value):
        return queryset.filter(ward__province=value) if value else queryset

    def filter_month(self, queryset, name, value):
        month = parse_month(value)
        # A month that cannot be read matches nothing, rather than everything.
        return queryset.filter(month=month) if month else queryset.none()
