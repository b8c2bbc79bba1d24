"""Choosers for a ward and a hamlet in the admin forms (team, hamlet, member).

Nationally there are 3,321 wards and 99,456 hamlets: one ``<select>`` of every hamlet made a
team's edit page take 16.9 s to render for a national administrator. Wagtail's
``ChooserViewSet`` gives a searchable, paginated modal instead. Every list, every search and the
"chosen" answer are limited to the user's area (an officer never sees another province's units,
and a chosen id outside it answers 404); the form field keeps its scoped queryset, so what is
posted is checked again.
"""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from lms.accounts.scoping import scope_queryset
from lms.core.text import fold

from .choices import TeamStatus
from .models import CommunityTeam, Hamlet, Ward


class NameSearchForm(BaseFilterForm):
    """Search by name, with or without diacritics ("vi tan" finds "Vị Tân")."""

    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        for word in fold(query).split()[:5]:
            objects = objects.filter(search_key__contains=word)
        if query:
            self.is_searching, self.search_query = True, query
        return objects


class _Scoped:
    def get_object_list(self):
        return scope_queryset(self.request.user, super().get_object_list())


class WardPlace(Column):
    """The ward and province of a hamlet, or the province of a ward: names repeat."""

    def get_value(self, instance):
        ward = getattr(instance, "ward", None)
        if ward is not None:
            return f"{ward.name}, {ward.province.name}"
        return instance.province.name


class _Lists(_Scoped):
    """The choose view and its results view share this: what is listed, joined and in what
    order (set per unit by ``_list_views``)."""

    filter_form_class = NameSearchForm
    per_page = 20
    listed = {}
    related = ()
    order = ()

    def get_object_list(self):
        objects = super().get_object_list().filter(**self.listed)
        return objects.select_related(*self.related).order_by(*self.order)

    @property
    def columns(self):
        return [self.title_column, WardPlace("place", label=_("Thuộc"))]


def _list_views(name, **listing):
    """The (choose, results) view classes of one unit."""
    return tuple(
        type(f"{name}{base.__name__}", (_Lists, base), listing)
        for base in (chooser_views.ChooseView, chooser_views.ChooseResultsView)
    )


WardChooseView, WardChooseResultsView = _list_views(
    "Ward", related=("province",), order=("province", "name")
)
HamletChooseView, HamletChooseResultsView = _list_views(
    "Hamlet", listed={"is_active": True}, related=("ward__province",), order=("ward", "name")
)
TeamChooseView, TeamChooseResultsView = _list_views(
    "Team",
    listed={"status": TeamStatus.ACTIVE},
    related=("ward__province",),
    order=("ward", "name"),
)


class ScopedChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        found = scope_queryset(self.request.user, self.model_class.objects.all()).filter(pk=pk)
        item = found.first() if str(pk).isdigit() and len(str(pk)) < 12 else None
        if item is None:
            raise Http404
        return item


class UnitChooser(BaseChooser):
    """Shows "Phường Vị Tân, Thành phố Cần Thơ" for the chosen unit; no edit link (wards are
    read-only, and a hamlet is edited on its own screen)."""

    show_edit_link = False

    def get_display_title(self, instance):
        ward = getattr(instance, "ward", None)
        if ward is not None:
            return f"{instance}, {ward.name}, {ward.province.name}"
        return str(instance)

    def get_value_data_from_instance(self, instance):
        return {
            "id": instance.pk,
            "edit_url": "",
            self.display_title_key: self.get_display_title(instance),
        }


class WardChooserViewSet(ChooserViewSet):
    model = Ward
    icon = "site"
    choose_one_text = _("Chọn xã, phường")
    choose_another_text = _("Chọn xã, phường khác")
    edit_item_text = _("Sửa")
    base_widget_class = UnitChooser
    choose_view_class = WardChooseView
    choose_results_view_class = WardChooseResultsView
    chosen_view_class = ScopedChosenView


class HamletChooserViewSet(ChooserViewSet):
    model = Hamlet
    icon = "home"
    choose_one_text = _("Chọn thôn, tổ dân phố")
    choose_another_text = _("Chọn thôn, tổ dân phố khác")
    edit_item_text = _("Sửa")
    base_widget_class = UnitChooser
    choose_view_class = HamletChooseView
    choose_results_view_class = HamletChooseResultsView
    chosen_view_class = ScopedChosenView


class TeamChooserViewSet(ChooserViewSet):
    model = CommunityTeam
    icon = "group"
    choose_one_text = _("Chọn tổ")
    choose_another_text = _("Chọn tổ khác")
    edit_item_text = _("Sửa")
    base_widget_class = UnitChooser
    choose_view_class = TeamChooseView
    choose_results_view_class = TeamChooseResultsView
    chosen_view_class = ScopedChosenView


ward_chooser_viewset = WardChooserViewSet("teams_ward_chooser", url_prefix="to-cong-nghe/chon-xa")
hamlet_chooser_viewset = HamletChooserViewSet(
    "teams_hamlet_chooser", url_prefix="to-cong-nghe/chon-thon"
)
team_chooser_viewset = TeamChooserViewSet("teams_team_chooser", url_prefix="to-cong-nghe/chon-to")
