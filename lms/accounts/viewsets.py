"""Wagtail admin ViewSets that apply the user's scope to every view they make.

Use :class:`ScopedModelViewSet` instead of ``ModelViewSet`` for any model with
``scope_paths``: the listing (and its CSV/XLSX export) is filtered, and opening, editing,
inspecting or deleting an object outside the scope answers 404, whatever URL is guessed.
"""

from django.http import Http404
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from .scoping import scope_for, scope_queryset


class ScopedListingMixin:
    def get_base_queryset(self):
        return scope_queryset(self.request.user, super().get_base_queryset())


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not scope_for(self.request.user).covers(obj):
            raise Http404
        return obj


class ScopedIndexView(ScopedListingMixin, generic.IndexView):
    pass


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ScopedCopyView(ScopedObjectMixin, generic.CopyView):
    pass


class ScopedModelViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
