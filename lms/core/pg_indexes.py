"""Indexes only PostgreSQL can use, added by a migration without touching the model.

Some lookups need an index that SQLite has no use for or cannot build (a ``pg_trgm`` GIN index
for ``LIKE '%word%'``, an ``UPPER(column)`` index for ``iexact``, which SQLite runs as
``LIKE``). Built by a data-less migration step rather than declared in the model's ``Meta``,
the model stays the same on both databases and ``makemigrations`` sees no change.
"""

from django.db import migrations


def postgresql_index(app_label, model_name, index):
    """A migration step that adds ``index`` to the model on PostgreSQL (and removes it when
    migrating back); on any other database it does nothing."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(apps.get_model(app_label, model_name), index)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(apps.get_model(app_label, model_name), index)

    return migrations.RunPython(forwards, backwards, elidable=False)
