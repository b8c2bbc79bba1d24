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
  hold none;
* every spreadsheet export is written as people open it (:class:`SpreadsheetCellsMixin`):
  Vietnamese labels for choices and yes/no, dd/mm/yyyy dates, times in Asia/Ho_Chi_Minh, a BOM
  on CSV, A4 on XLSX, and every text cell through ``lms.core.exports.safe_cell``.

:class:`ReadOnlyScopedModelViewSet` is the same with only the listing and the inspect view
routed, for rows that nobody edits by hand (pair it with ``ReadOnlyPermissionPolicy``).

:class:`ServiceFormMixin` is the one way a create or edit screen writes: its ``save_instance``
calls the app's service, and a ``ValidationError`` the service raises is shown on the form.
"""

import datetime
from collections import OrderedDict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.forms import ModelChoiceField
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import multigetattr
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from lms.core.exports import CSV_BOM, safe_cell

from .filters import AnonymisationRecordFilterSet, ExportLogFilterSet
from .models import AnonymisationRecord, ExportLog
from .scoping import scope_for, scope_queryset


def export_value(item, path):
    """``item``'s value at the dotted ``path``, a choice as its Vietnamese label."""
    *parents, name = path.split(".")
    owner = item
    for part in parents:
        owner = getattr(owner, part, None)
        if owner is None:
            return None
    try:
        field = owner._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return multigetattr(item, path)
    if field.choices and not field.is_relation:
        return owner._get_FIELD_display(field)
    return multigetattr(item, path)


def _local(value):
    """A datetime as read in Vietnam (Asia/Ho_Chi_Minh), without its zone."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def export_text(value):
    """A value as a person reads it: "Có"/"Không", dd/mm/yyyy, local time, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _g("Có") if value else _g("Không")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(force_str(v) for v in value)
    return force_str(value)


class SpreadsheetCellsMixin:
    """Wagtail's CSV/XLSX list export (``SpreadsheetExportMixin``) as officers open it.

    Every cell, headings included, goes through ``safe_cell``, so a name typed as
    ``=HYPERLINK(...)`` is text, not a formula. Choices are written as their labels, yes/no as
    "Có"/"Không", dates as dd/mm/yyyy (real dates in XLSX, so they sort), times in
    Asia/Ho_Chi_Minh; CSV starts with a BOM so Excel reads Vietnamese; XLSX prints on A4
    landscape, fitted to the width, with the heading row repeated. A view adds a column no
    model path reaches with a method ``export_<column>(item)``.
    """

    XLSX_DATE = "DD/MM/YYYY"
    XLSX_DATETIME = "DD/MM/YYYY HH:MM"

    def to_row_dict(self, item):
        row = OrderedDict()
        for field in self.list_export:
            getter = getattr(self, f"export_{field}", None) if "." not in field else None
            row[field] = getter(item) if callable(getter) else export_value(item, field)
        return row

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_XLSX and isinstance(value, datetime.date):
            if isinstance(value, datetime.datetime):
                return _local(value)  # XLSX has no time zones: the time as read in Vietnam
            return value
        if isinstance(value, Model):
            value = str(value)
        return safe_cell(export_text(value))

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        from openpyxl.cell import WriteOnlyCell

        for field, value in row_dict.items():
            cell = WriteOnlyCell(
                worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX)
            )
            if cell.data_type == "f":  # safe_cell leaves none; never write one anyway
                cell.data_type = "s"
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = self.XLSX_DATETIME
            elif isinstance(cell.value, datetime.date):
                cell.number_format = self.XLSX_DATE
            yield cell

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_g("Danh sách"))
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        sheet.append(self.get_heading(queryset, field) for field in self.list_export)
        for item in queryset:
            sheet.append(self.generate_xlsx_row(sheet, self.to_row_dict(item)))
        workbook.save(output)

    def stream_csv(self, queryset):
        yield CSV_BOM
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ScopedListingMixin(SpreadsheetCellsMixin):
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


class ImportButtonMixin:
    """A listing's "import from Excel" header button, shown to users with
    ``import_permission``; the import itself is the app's own view at ``import_url_name``."""

    import_permission = ""
    import_label = ""
    import_url_name = ""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm(self.import_permission):
            url = reverse(self.import_url_name)
            buttons.append(Button(self.import_label, url=url, icon_name="upload", priority=30))
        return buttons


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
