"""Admin form widgets of the learning apps.

A many-to-many choice drawn as Django's default ``<select multiple>`` needs Ctrl-click, which
officers on a laptop touchpad (and everyone on a phone) get wrong. These widgets are checkboxes
that a "Lọc" box narrows as one types, accent-insensitively. Without JavaScript they are plain
checkboxes; the filter box appears only when its script runs.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a type-to-filter box (``static/js/filterable-checkboxes.js``)."""

    class Media:
        js = ["js/filterable-checkboxes.js"]
        css = {"all": ["css/filterable-checkboxes.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="filterable-checkboxes" data-filterable-checkboxes>'
            '<input type="search" class="filterable-checkboxes__filter" hidden'
            ' placeholder="{}" aria-label="{}" autocomplete="off">'
            '<p class="filterable-checkboxes__empty" hidden>{}</p>{}</div>',
            _("Gõ để lọc danh sách"),
            _("Lọc danh sách"),
            _("Không có mục nào khớp."),
            html,
        )
