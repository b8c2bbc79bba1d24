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

:class:`ReadOnlyScopedModelViewSet` is the same with only the listing and the inspect view
routed, for rows that nobody edits by hand (pair it with ``ReadOnlyPermissionPolicy``).

:class:`ServiceFormMixin` is the one way a create or edit screen writes: its ``save_instance``
calls the app's service, and a ``ValidationError`` the service raises is shown on the form.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import ModelChoiceField
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from .filters import AnonymisationRecordFilterSet, ExportLogFilterSet
from .models import AnonymisationRecord, ExportLog
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


def add_service_errors(form, error):
    """Show a service's ``ValidationError`` on ``form``: each message on the field it names
    when the form has that field, above the form otherwise."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for name, field_errors in by_field.items():
        form.add_error(name if name in form.fields else None, field_errors)


class ServiceFormMixin:
    """For create and edit views whose ``save_instance`` calls a service with the form's values.

    Wagtail runs ``save_instance`` inside a transaction, so a ``ValidationError`` the service
    raises leaves nothing behind; its messages go on the form as if the form had found them, and
    the form never keeps a copy of the service's rules."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def saved(self, instance):
        """Return ``instance`` from ``save_instance`` with the form pointing at it."""
        self.form.instance = instance
        return instance


class ServiceDeleteBulkAction(DeleteBulkAction):
    """A snippet listing's "delete selected" through the app's service: ``delete`` is
    ``(obj, by=user) -> None``. An object the service refuses stays, with its message."""

    delete = None

    @classmethod
    def execute_action(cls, objects, **kwargs):
        request = kwargs["self"].request
        deleted = 0
        for obj in objects:
            try:
                cls.delete(obj, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                deleted += 1
        return deleted, 0


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


class ReadOnlyScopedModelViewSet(ScopedModelViewSet):
    """Listing and inspect only: the add, edit, copy, delete, history and usage URLs are not
    routed, and the generic views are told so, so that no button points at them."""

    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []  # no form is routed, but ModelViewSet insists on a definition

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in keep]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "history_url_name",
            "usage_url_name",
            "copy_url_name",
        ):
            if name in view_kwargs:
                view_kwargs[name] = None
        return view_kwargs


# --- The personal-data audit logs (administrators only, see ``AdministratorsReadOnlyPolicy``) --


class ExportLogViewSet(ReadOnlyScopedModelViewSet):
    model = ExportLog
    icon = "download"
    menu_label = _("Nhật ký xuất dữ liệu")
    url_prefix = "accounts/export-log"
    list_display = ["created_at", "user", "export", "file_format", "row_count", "ip_address"]
    list_export = []
    filterset_class = ExportLogFilterSet
    inspect_view_fields = [
        "created_at",
        "user",
        "export",
        "file_format",
        "filters",
        "row_count",
        "ip_address",
    ]

    def get_queryset(self, request):
        return ExportLog.objects.select_related("user")


class AnonymisationRecordViewSet(ReadOnlyScopedModelViewSet):
    model = AnonymisationRecord
    icon = "user"
    menu_label = _("Nhật ký ẩn danh hóa")
    url_prefix = "accounts/anonymisation-log"
    list_display = ["performed_at", "member_pk", "performed_by", "via"]
    filterset_class = AnonymisationRecordFilterSet
    inspect_view_fields = ["performed_at", "member_pk", "performed_by", "via"]

    def get_queryset(self, request):
        return AnonymisationRecord.objects.select_related("performed_by")


class PersonalDataGroup(ViewSetGroup):
    items = (ExportLogViewSet, AnonymisationRecordViewSet)
    menu_label = _("Dữ liệu cá nhân")
    menu_icon = "lock"
    menu_order = 900
