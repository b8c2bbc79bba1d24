"""Pieces the registry screens share: folded search and the masking of personal data."""

from django.db.models import Func, OrderBy, Prefetch, Value
from django.db.models.functions import Collate
from django.utils.formats import number_format
from wagtail.admin.ui.tables import Column

from lms.accounts.choices import Role
from lms.accounts.viewsets import ScopedIndexView
from lms.core.collation import VietnameseOrderingMixin
from lms.core.text import fold, mask_digits

from .paginator import BoundedCountPaginator

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
    # Counts at most 10,001 rows; above that the database's estimate ("khoảng 370.000").
    paginator_class = BoundedCountPaginator
    results_template_name = "teams/admin/listing_results.html"
    # The relations the columns and the export read, joined into the listing's one query
    # (a ward's label names its province: otherwise two queries per row). Set by the viewset.
    list_select_related = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.list_select_related:
            return queryset
        if self.is_searching and not getattr(self, "is_export", False):
            # A search sorts its matches (thousands for "nguyen van"): sorted alone, then the
            # page's 20 rows fetch their wards in one more query, rather than every match
            # joined to its ward and province before the sort (150 ms instead of 210 ms).
            return queryset.prefetch_related(*_prefetches(queryset.model, self.list_select_related))
        return queryset.select_related(*self.list_select_related)

    def order_queryset(self, queryset):
        """Vietnamese order with the primary key last, in the direction of the first key:
        names repeat, so without it a page boundary could show a person twice or never. The
        PostgreSQL indexes of the member list (``(full_name COLLATE "vi_icu", id)``, per ward
        too) match this order, forwards or backwards."""
        queryset = super().order_queryset(queryset)
        ordering = list(queryset.query.order_by)
        if not ordering:
            return queryset
        if self.is_searching:
            ordering[0] = _past_the_index(ordering[0])
        if any(_is_pk(item) for item in ordering):
            return queryset.order_by(*ordering)
        first = ordering[0]
        descending = getattr(first, "descending", False) or (
            isinstance(first, str) and first.startswith("-")
        )
        return queryset.order_by(*ordering, "-pk" if descending else "pk")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        paginator = context.get("paginator")
        if getattr(paginator, "is_estimate", False) and (self.is_searching or self.is_filtering):
            context["estimated_matches"] = number_format(paginator.count, force_grouping=True)
        return context


def _prefetches(model, paths):
    """``select_related`` paths as prefetches: the first relation in its own query, the rest
    of the path joined inside it ("ward__province": the wards with their provinces)."""
    prefetches = []
    for path in paths:
        first, _sep, rest = path.partition("__")
        related = model._meta.get_field(first).related_model
        inner = related._default_manager.all()
        prefetches.append(Prefetch(first, queryset=inner.select_related(rest) if rest else inner))
    return prefetches


def _past_the_index(item):
    """The same order, in a form the name index cannot give (``(full_name || '')``).

    A search's matches cluster in name order (every "Nguyễn" sits under N), but PostgreSQL's
    planner takes them to be spread evenly, so it walks the name index from "A" and filters:
    115,000 rows read for the first 20 "nguyen van" (330 ms). Ordered by an expression no index
    holds, it collects the matches from the trigram index and sorts only them (110-150 ms).
    """
    if isinstance(item, OrderBy) and isinstance(item.expression, Collate):
        collate = item.expression
        (source,) = collate.get_source_expressions()
        fenced = Func(source, Value(""), template="(%(expressions)s)", arg_joiner=" || ")
        return OrderBy(
            Collate(fenced, collate.collation),
            descending=item.descending,
            nulls_first=item.nulls_first,
            nulls_last=item.nulls_last,
        )
    return item


def _is_pk(item):
    return isinstance(item, str) and item.lstrip("-") in ("pk", "id")


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
