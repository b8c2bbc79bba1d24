"""Filter fields that answer any id typed into a URL with "not a choice", never a database error.

``?course=99999999999999999999`` reaches the database as an integer no column holds: SQLite
raises ``OverflowError`` and the request ends in a 500. Django (5.0+) guards lookups on plain
integer fields, but not lookups through a relation, and a Wagtail page's primary key is one (the
``page_ptr`` link to ``wagtailcore_page``). These fields check the value against the range of
the column it will be compared with, before any query, and call anything outside it an invalid
choice; the form then says so like for any other unknown id.

Use :class:`ModelChoiceFilter` / :class:`ModelMultipleChoiceFilter` in place of django-filter's.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db import connection
from django_filters import fields as filter_fields


def _target_field(queryset, to_field_name):
    meta = queryset.model._meta
    field = meta.get_field(to_field_name) if to_field_name else meta.pk
    while field.is_relation:  # page_ptr -> wagtailcore_page.id, a to_field -> its column
        field = field.target_field
    return field


def fits_column(queryset, to_field_name, value):
    """Whether ``value`` can be compared with the chosen column without a database error:
    for an integer column, a whole number inside the column's range."""
    field = _target_field(queryset, to_field_name)
    internal_type = field.get_internal_type()
    if internal_type not in connection.ops.integer_field_ranges:
        return "\x00" not in str(value)
    try:
        number = int(str(value).strip())
    except ValueError:  # not a number, or more digits than int() reads
        return False
    low, high = connection.ops.integer_field_range(internal_type)
    return (low is None or number >= low) and (high is None or number <= high)


class _InRangeMixin:
    def _refuse_out_of_range(self, value):
        if value not in self.empty_values and not fits_column(
            self.queryset, self.to_field_name, value
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class ModelChoiceField(_InRangeMixin, filter_fields.ModelChoiceField):
    def to_python(self, value):
        self._refuse_out_of_range(value)
        return super().to_python(value)


class ModelMultipleChoiceField(_InRangeMixin, filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            self._refuse_out_of_range(item)
        return super()._check_values(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ModelChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ModelMultipleChoiceField
