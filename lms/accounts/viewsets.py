"""Wagtail admin ViewSets that apply the user's scope to every view they make.

Use :class:`ScopedModelViewSet` instead of ``ModelViewSet`` for any model with
``scope_paths``:

* the listing (and its CSV/XLSX export) is filtered to the scope;
* opening, editing, inspecting, copying, deleting or reading the history of an object outside
  the scope answers 404, whatever URL is guessed;
* on the create and edit forms, every choice of a scoped model (ward, hamlet, team, member...)
  is limited to the scope, so an officer cannot file a record under another ward;
* every spreadsheet export is written to the personal-data export log (``ExportLog``) with the
  filters used. Set ``export_contains_personal_data = False`` on the ViewSet for lists that
  hold none.
"""

from django.forms import ModelChoiceField
from django.http import Http404
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from .scoping import scope_for, scope_queryset


class ScopedListingMixin:
    export_contains_personal_data = True

    def get_base_queryset(self):
        return scope_queryset(self.request.user, super().get_base_queryset())

    def render_to_response(self, context, **response_kwargs):
        if getattr(self, "is_export", False) and self.export_contains_personal_data:
            from .services import export_log_record

            object_list = context["object_list"]
            export_log_record(
                user=self.request.user,
                export=str(self.model._meta.verbose_name_plural),
                file_format=self.request.GET.get("export"),
                filters=dict(self.request.GET.lists()),
                row_count=object_list.count() if hasattr(object_list, "count") else None,
                request=self.request,
            )
        return super().render_to_response(context, **response_kwargs)


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not scope_for(self.request.user).covers(obj):
            raise Http404
        return obj


class ScopedFormMixin:
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            if (
                isinstance(field, ModelChoiceField)
                and queryset is not None
                and hasattr(queryset.model, "scope_paths")
            ):
                field.queryset = scope_queryset(self.request.user, queryset)
        return form


class ScopedIndexView(ScopedListingMixin, generic.IndexView):
    pass


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    pass


class ScopedEditView(ScopedFormMixin, ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ScopedCopyView(ScopedFormMixin, ScopedObjectMixin, generic.CopyView):
    pass


class ScopedModelViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
