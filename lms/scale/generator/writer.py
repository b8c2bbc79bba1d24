"""Batched writes: rows are buffered per model and written with ``bulk_create`` (or COPY on
PostgreSQL), so the number of queries grows with the number of batches, never of rows."""

import time
from collections import defaultdict

from django.db import connection

from .presets import BATCH_SIZE


class Writer:
    """Buffers unsaved rows per model and writes them with ``bulk_create`` in batches."""

    def __init__(self, stats, batch_size=BATCH_SIZE):
        self.stats = stats
        self.batch_size = batch_size
        self.buffers = defaultdict(list)

    def add(self, obj):
        buffer = self.buffers[type(obj)]
        buffer.append(obj)
        if len(buffer) >= self.batch_size:
            self.flush(type(obj))

    def create(self, objs):
        """Write now and return the objects with their primary keys."""
        if not objs:
            return objs
        self._write(type(objs[0]), objs)
        return objs

    def _write(self, model, objs, *, returning=True):
        tick = time.perf_counter()
        if not returning and connection.vendor == "postgresql":
            copy_rows(model, objs)
        else:
            model.objects.bulk_create(objs, batch_size=self.batch_size)
        self.stats.counts[model._meta.label] += len(objs)
        self.stats.write_seconds[model._meta.label] += time.perf_counter() - tick

    def flush(self, model=None):
        for key in [model] if model else list(self.buffers):
            objs = self.buffers.pop(key, [])
            if objs:
                self._write(key, objs, returning=False)


def copy_rows(model, objs):
    """PostgreSQL's COPY for rows whose keys nobody needs back: several times cheaper for the
    server than multi-row INSERTs. Values go through the same ``pre_save`` and
    ``get_db_prep_save`` as ``bulk_create`` (NFC text, folded search keys, timestamps)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in objs:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )
