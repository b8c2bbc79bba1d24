"""Wagtail admin screens of the registry: every one scoped through ``ScopedModelViewSet``.

Personal data (CCCD, date of birth, phone) is masked in listings, exports and inspect pages
unless ``personal_data_visible`` allows it; exports of members are recorded in the export log
(by ``ScopedIndexView``). One module per group of screens: ``units`` (provinces, wards),
``registry`` (hamlets, teams), ``members``, and ``common`` for what they share.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .common import (
    MASK,
    PERSONAL_FIELDS,
    FoldedSearchMixin,
    PersonalColumn,
    SearchIndexView,
    officer_may_see_personal_data,
)
from .members import (
    MEMBER_INSPECT_PANELS_HOOK,
    MemberIndexView,
    MemberInspectView,
    MemberViewSet,
)
from .registry import HamletInspectView, HamletViewSet, TeamInspectView, TeamViewSet
from .units import ProvinceViewSet, WardViewSet

__all__ = [
    "MASK",
    "MEMBER_INSPECT_PANELS_HOOK",
    "PERSONAL_FIELDS",
    "FoldedSearchMixin",
    "HamletInspectView",
    "HamletViewSet",
    "MemberIndexView",
    "MemberInspectView",
    "MemberViewSet",
    "PersonalColumn",
    "ProvinceViewSet",
    "SearchIndexView",
    "TeamInspectView",
    "TeamViewSet",
    "TeamsViewSetGroup",
    "WardViewSet",
    "officer_may_see_personal_data",
]


class TeamsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Tổ công nghệ số")
    menu_icon = "group"
    menu_order = 200
    items = (TeamViewSet, MemberViewSet, HamletViewSet, WardViewSet, ProvinceViewSet)
