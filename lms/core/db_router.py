"""Send the reports' reads to the read replica; keep every write on the primary.

A national deployment can add a streaming replica of the primary (``REPLICA_DATABASE_URL``,
which ``lms/settings/production.py`` turns into ``DATABASES["replica"]``). The long aggregate
reads of the reports belong there, so that officers pulling quarterly figures do not slow down
learners writing their progress. Everything else stays on the primary: a page that has just
saved something must read it back, and the replica may be a few seconds behind.

So the router is opt-in per code path: only code run inside :func:`replica_reads` reads from
the replica. The flag lives in a ``ContextVar`` rather than a thread-local so that it follows
the request into ``sync_to_async`` threads and asyncio tasks under ASGI and never leaks from
one request into the next one served by the same thread. Without a replica every method
answers as if there were no router, and everything uses the one database.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA_ALIAS = "replica"

_reading_from_replica = ContextVar("reading_from_replica", default=False)


def replica_alias():
    """The alias of the read replica, or ``None`` when this deployment has none.

    The one place that decides whether a replica exists: the router below and
    ``lms.reports.db.report_db_alias()`` both ask here."""
    return REPLICA_ALIAS if REPLICA_ALIAS in settings.DATABASES else None


@contextmanager
def replica_reads():
    """Read from the replica (when there is one) for the duration of the block or decorated
    function. Writes inside it still go to the primary.

    Wrap only code that reads: a row written inside the block and read back inside it would be
    looked for on the replica, which may not have received it yet. Nesting is fine; the
    previous state comes back on the way out, even after an exception."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Listed in ``DATABASE_ROUTERS`` for every environment; harmless without a replica."""

    def db_for_read(self, model, **hints):
        # None outside the block lets Django keep its own rule: the database an instance came
        # from, else the default. Inside it, the replica wins even over that hint, so that lazy
        # lookups from the request's user and the like read the replica too.
        if _reading_from_replica.get():
            return replica_alias()
        return None

    def db_for_write(self, model, **hints):
        # Always the primary, even for an instance that was read from the replica (Django
        # would otherwise save it back where it came from) and even inside replica_reads().
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows, so a province read from the replica may be the
        # foreign key of a row saved on the primary. Other pairs: no opinion.
        same_data = {DEFAULT_DB_ALIAS, REPLICA_ALIAS}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a read-only streaming copy: the primary's migrations reach it through
        # replication, and ``migrate --database=replica`` must not try to write to it.
        if db == REPLICA_ALIAS:
            return False
        return None
