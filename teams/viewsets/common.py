"""Pieces the registry screens share: folded search and the masking of personal data."""

from wagtail.admin.ui.tables import Column

from lms.accounts.choices import Role
from lms.accounts.viewsets import ScopedIndexView
from lms.core.collation import VietnameseOrderingMixin
from lms.core.text import fold, mask_digits

PERSONAL_FIELDS = ("phone", "cccd", "date_of_birth")
MASK = "••••"


def officer_may_see_personal_data(user):
    """Inside an already scoped listing every row is in the user's scope, so
    ``personal_data_visible`` reduces to its role test; this avoids one query per row."""
    return bool(
        user.is_authenticated
        and (
            user.is_superuser or user.role in (Role.ADMIN, Role.PROVINCE_OFFICER, Role.WARD_OFFICER)
        )
    )


class FoldedSearchMixin:
    """Accent-insensitive search on the stored folded column: "vi tan" finds "Vị Tân" on
    SQLite and PostgreSQL alike, with no search index to keep in step."""

    search_fields = ["search_key"]
    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for word in fold(self.search_query).split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset


class SearchIndexView(VietnameseOrderingMixin, FoldedSearchMixin, ScopedIndexView):
    """Listings without personal data: their exports need no entry in the export log. Names
    sort in Vietnamese order (Đ after D, not after V), by default and by column."""

    export_contains_personal_data = False
    # The relations the columns and the export read, joined into the listing's one query
    # (a ward's label names its province: otherwise two queries per row). Set by the viewset.
    list_select_related = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset


class RelatedColumnsViewSetMixin:
    """Hands the viewset's ``list_select_related`` to its listing (screen, results, export)."""

    list_select_related = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_select_related=self.list_select_related, **kwargs)


class PersonalColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is None or not officer_may_see_personal_data(request.user):
            context["value"] = mask_digits(context["raw_value"]) if context["raw_value"] else ""
        return context
