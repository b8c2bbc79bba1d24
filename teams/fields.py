"""A folded copy of a row's names, so that admin search is accent-insensitive on every database.

SQLite has no ``unaccent`` and PostgreSQL's needs an extension; storing ``fold(name)`` beside the
name makes "vi tan" find "Vị Tân" with a plain ``LIKE`` on both.
"""

from django.db import models

from lms.core.text import fold


class FoldedSearchField(models.CharField):
    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        for key, value in (
            ("max_length", 255),
            ("editable", False),
            ("blank", True),
            ("default", ""),
        ):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def compute(self, instance):
        parts = (getattr(instance, source, "") for source in self.sources)
        return fold(" ".join(str(p) for p in parts if p))[: self.max_length]

    # pre_save covers save(), create() and bulk_create(); bulk_update() callers use refresh().
    def pre_save(self, model_instance, add):
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def refresh(self, instance):
        setattr(instance, self.attname, self.compute(instance))


def refresh_search_keys(instances):
    """Recompute folded columns before ``bulk_update`` (which does not call ``pre_save``)."""
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if isinstance(field, FoldedSearchField):
                field.refresh(instance)
