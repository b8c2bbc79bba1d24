"""Provinces and wards: read-only, loaded from the official dataset."""

from django.utils.translation import gettext_lazy as _

from lms.accounts.viewsets import ReadOnlyScopedModelViewSet

from ..filters import WardFilterSet
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
