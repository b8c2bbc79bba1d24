"""Provinces and wards: read-only, loaded from the official dataset."""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lms.accounts.viewsets import ReadOnlyScopedModelViewSet

from ..filters import WardFilterSet, team_choices, ward_choices
from ..models import Province, Ward
from .common import RelatedColumnsViewSetMixin, SearchIndexView


class _UnitViewSet(RelatedColumnsViewSetMixin, ReadOnlyScopedModelViewSet):
    """Units come from the official dataset (``load_admin_units``); nobody edits them here."""

    index_view_class = SearchIndexView


class ProvinceViewSet(_UnitViewSet):
    model = Province
    icon = "site"
    menu_label = _("Tỉnh, thành phố")
    url_prefix = "to-cong-nghe/tinh"
    url_namespace = "teams_province"
    list_display = ["code", "name"]
    list_export = ["code", "name", "short_name"]
    export_filename = "tinh-thanh-pho"
    inspect_view_fields = ["code", "name", "short_name", "latitude", "longitude"]


def _choices_response(key, units):
    body = {key: [{"id": u.pk, "name": str(u)} for u in units] if units is not None else []}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def ward_choices_view(request):
    """The wards of one province inside the user's scope, for the admin filters' ward choice
    (``static/js/unit-filter-wards.js``): the same choices the filters accept, as ids."""
    province = request.GET.get("province", "")
    return _choices_response(
        "wards", ward_choices(request, province=province) if province else None
    )


@require_GET
def team_choices_view(request):
    """The teams of one ward inside the user's scope, for the team choice that follows the ward
    (the support log): the same choices the filter accepts, as ids."""
    ward = request.GET.get("ward", "")
    return _choices_response("teams", team_choices(request, ward=ward) if ward else None)


class WardViewSet(_UnitViewSet):
    model = Ward
    list_select_related = ("province",)
    icon = "home"
    menu_label = _("Xã, phường")
    url_prefix = "to-cong-nghe/xa"
    url_namespace = "teams_ward"
    list_display = ["code", "name", "ward_type", "province"]
    list_export = ["code", "name", "ward_type", "province.name"]
    export_headings = {"province.name": _("Tỉnh, thành phố")}
    export_filename = "xa-phuong"
    filterset_class = WardFilterSet
    inspect_view_fields = [
        "code",
        "name",
        "ward_type",
        "province",
        "area_km2",
        "latitude",
        "longitude",
    ]

    def get_urlpatterns(self):
        # Under the admin's URLs, so only signed-in staff reach it (Wagtail's admin access).
        return [
            *super().get_urlpatterns(),
            path("chon.json", ward_choices_view, name="choices"),
        ]
