"""Admin filters of the registry. Unit choices are limited to the user's scope, so a ward
officer is not shown (or able to pick) other wards."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.collation import vi_ordered
from lms.core.filters import ModelChoiceFilter, fits_column

from .choices import (
    Affiliation,
    HamletKind,
    ITQualification,
    TeamLevel,
    TeamRole,
    TeamStatus,
    WardType,
)
from .models import CommunityTeam, Hamlet, Member, Province, Ward


def province_choices(request):
    if request is None:
        return Province.objects.none()
    return vi_ordered(scope_queryset(request.user, Province.objects.all()), "name")


def chosen_id(request, name, model):
    """The id named by ``?name=`` in the URL, if it can be one (else None, never an error)."""
    value = request.GET.get(name) if request is not None else None
    if value and fits_column(model.objects.all(), None, value):
        return value
    return None


def wards_follow_province(request):
    """Whether the ward choice waits for a province: nationally, with no province chosen, a
    list of every ward (3,321) would be one unusable ``<select>``; the script
    ``static/js/unit-filter-wards.js`` fills it once a province is picked."""
    return (
        request is not None
        and scope_for(request.user).everything
        and chosen_id(request, "province", Province) is None
    )


def ward_choices(request, *, province=None):
    """The wards the unit filters offer: the user's scope, narrowed to the chosen province
    (``province``, or ``?province=`` in the URL). Nationally with no province, none but the
    ward the URL names, so that a link to one ward still filters by it."""
    if request is None:
        return Ward.objects.none()
    qs = scope_queryset(request.user, Ward.objects.select_related("province"))
    if province is None:
        province = chosen_id(request, "province", Province)
    elif not fits_column(Province.objects.all(), None, province):
        return Ward.objects.none()
    if province:
        qs = qs.filter(province_id=province)
    elif scope_for(request.user).everything:
        ward = chosen_id(request, "ward", Ward)
        qs = qs.filter(pk=ward) if ward else qs.none()
    return vi_ordered(qs, "province__name", "name")


class WardSelect(forms.Select):
    """The ward ``<select>``; its script refills it when the province changes (only when it
    carries ``data-wards-url``, i.e. nationally). The team ``<select>`` uses it too, refilled
    when the ward changes (``data-teams-url``)."""

    class Media:
        js = ["js/unit-filter-wards.js"]


def teams_follow_ward(request):
    """Whether the team choice follows the ward: for anyone whose area is more than one ward
    (a province has up to ~2,800 teams, a 400 KB page of ``<option>``s); a ward officer is
    offered the few teams of their ward."""
    return request is not None and not scope_for(request.user).ward_id


def team_choices(request, *, ward=None):
    """The teams a team filter offers: the user's scope, narrowed to the chosen ward (``ward``,
    or ``?ward=`` in the URL). Above one ward with no ward chosen, none but the team the URL
    names, so that a link to one team still filters by it."""
    if request is None:
        return CommunityTeam.objects.none()
    qs = scope_queryset(request.user, CommunityTeam.objects.all())
    if ward is None:
        ward = chosen_id(request, "ward", Ward)
    elif not fits_column(Ward.objects.all(), None, ward):
        return CommunityTeam.objects.none()
    if ward:
        qs = qs.filter(ward_id=ward)
    elif teams_follow_ward(request):
        team = chosen_id(request, "team", CommunityTeam)
        qs = qs.filter(pk=team) if team else qs.none()
    return vi_ordered(qs, "name")


def follow_ward(filterset, request, *, team="team"):
    """Above one ward, the team choice of ``filterset`` starts empty until a ward is chosen and
    is refilled by script from the chosen ward's teams (``teams_team:choices``)."""
    if not teams_follow_ward(request):
        return
    field = filterset.filters[team]
    field.extra["widget"] = WardSelect(attrs={"data-teams-url": reverse("teams_team:choices")})
    if chosen_id(request, "ward", Ward) is None:
        field.extra["empty_label"] = _("Chọn xã, phường trước")


def follow_province(filterset, request, *, ward="ward"):
    """Nationally, the ward choice of ``filterset`` starts empty and is refilled by script
    from the wards of the chosen province (``teams_ward:choices``)."""
    if request is None or not scope_for(request.user).everything:
        return
    field = filterset.filters[ward]
    field.extra["widget"] = WardSelect(attrs={"data-wards-url": reverse("teams_ward:choices")})
    if wards_follow_province(request):
        field.extra["empty_label"] = _("Chọn tỉnh, thành phố trước")


class _UnitFilters(WagtailFilterSet):
    province = ModelChoiceFilter(
        label=_("Tỉnh, thành phố"), queryset=province_choices, method="filter_province"
    )
    ward = ModelChoiceFilter(
        label=_("Xã, phường"), queryset=ward_choices, method="filter_ward", widget=WardSelect
    )
    province_path = "ward__province"
    ward_path = "ward"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        follow_province(self, request)

    def filter_province(self, queryset, name, value):
        return queryset.filter(**{self.province_path: value}) if value else queryset

    def filter_ward(self, queryset, name, value):
        return queryset.filter(**{self.ward_path: value}) if value else queryset


class WardFilterSet(_UnitFilters):
    ward_type = django_filters.ChoiceFilter(label=_("Loại"), choices=WardType.choices)
    province_path = "province"
    ward_path = "pk"

    class Meta:
        model = Ward
        fields = ["province", "ward_type"]


class HamletFilterSet(_UnitFilters):
    kind = django_filters.ChoiceFilter(label=_("Loại thôn"), choices=HamletKind.choices)
    is_active = django_filters.BooleanFilter(label=_("Đang tồn tại"))

    class Meta:
        model = Hamlet
        fields = ["province", "ward", "kind", "is_active"]


class TeamFilterSet(_UnitFilters):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=TeamStatus.choices)
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=TeamLevel.choices)
    hamlet_kind = django_filters.ChoiceFilter(
        label=_("Loại thôn"), choices=HamletKind.choices, field_name="hamlet__kind"
    )

    class Meta:
        model = CommunityTeam
        fields = ["province", "ward", "status", "level", "hamlet_kind"]


class MemberFilterSet(_UnitFilters):
    role = django_filters.ChoiceFilter(
        label=_("Chức vụ trong tổ"), choices=TeamRole.choices, method="filter_role"
    )
    team_status = django_filters.ChoiceFilter(
        label=_("Trạng thái tổ"), choices=TeamStatus.choices, method="filter_team_status"
    )
    hamlet_kind = django_filters.ChoiceFilter(
        label=_("Loại thôn"), choices=HamletKind.choices, method="filter_hamlet_kind"
    )
    affiliation = django_filters.ChoiceFilter(
        label=_("Đơn vị công tác"), choices=Affiliation.choices
    )
    it_qualification = django_filters.ChoiceFilter(
        label=_("Trình độ CNTT"), choices=ITQualification.choices
    )
    it_major = django_filters.BooleanFilter(label=_("Chuyên ngành CNTT"))
    needs_review = django_filters.BooleanFilter(label=_("Cần rà soát"))

    class Meta:
        model = Member
        fields = [
            "province",
            "ward",
            "role",
            "team_status",
            "hamlet_kind",
            "affiliation",
            "it_qualification",
            "it_major",
            "needs_review",
        ]

    # Roles and teams belong to current memberships; one EXISTS-style subquery each.
    def filter_role(self, queryset, name, value):
        return queryset.filter(
            pk__in=Member.objects.filter(
                memberships__role=value, memberships__left_on__isnull=True
            ).values("pk")
        )

    def filter_team_status(self, queryset, name, value):
        return queryset.filter(
            pk__in=Member.objects.filter(
                memberships__team__status=value, memberships__left_on__isnull=True
            ).values("pk")
        )

    def filter_hamlet_kind(self, queryset, name, value):
        return queryset.filter(
            pk__in=Member.objects.filter(
                memberships__team__hamlet__kind=value, memberships__left_on__isnull=True
            ).values("pk")
        )
