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

A replica that is down or lags past ``REPLICA_MAX_LAG_SECONDS`` is not used: the block reads
the primary and ``lms.replica`` logs why (health measured in ``replica_health``, cached a few
seconds). A stopped replica is noticed on the way into the block, before any report query.
"""

import contextlib
import functools
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.connection import ConnectionDoesNotExist

from .replica_health import check_replica, mark_replica_down, replica_is_usable

REPLICA_ALIAS = "replica"

# None outside replica_reads(); inside it, the database its reads go to, decided once on the
# way into the outermost block: REPLICA_ALIAS, or False for the primary (no replica, or the
# replica is down or lags past REPLICA_MAX_LAG_SECONDS).
_reading_from_replica = ContextVar("reading_from_replica", default=None)


def _healthy_replica():
    if REPLICA_ALIAS not in settings.DATABASES:
        return None
    return REPLICA_ALIAS if replica_is_usable(REPLICA_ALIAS) else None


def replica_alias():
    """The alias of the read replica, or ``None`` when this deployment has none or it is unfit.

    The one place that decides whether a replica is used: the router below and
    ``lms.reports.db.report_db_alias()`` both ask here, so inside one block they agree."""
    chosen = _reading_from_replica.get()
    if chosen is not None:
        return chosen or None
    return _healthy_replica()


def _answers(alias):
    """Open (or check) the request's connection to the replica; mark it down if that fails.

    Costs one ``SELECT 1`` when a persistent connection is reused: the price of noticing a
    replica stopped since the last health check before a report query fails on it."""
    try:
        wrapper = connections[alias]
    except ConnectionDoesNotExist:
        return True  # only named in settings (unit tests): nothing to connect to
    try:
        if wrapper.connection is not None and not wrapper.is_usable():
            _close(wrapper)
        wrapper.ensure_connection()
        return True
    except DatabaseError as error:
        _close(wrapper)
        mark_replica_down(alias, error)
        return False


def _close(wrapper):
    try:
        wrapper.close()
    except DatabaseError:
        wrapper.connection = None


class replica_reads:
    """Read from the replica (when there is a fit one) for the duration of the block or
    decorated function. Writes inside it still go to the primary.

    Wrap only code that reads: a row written inside the block and read back inside it would be
    looked for on the replica, which may not have received it yet. Nesting is fine; the
    previous state comes back on the way out, even after an exception. As a decorator it also
    survives the replica failing half-way: see :func:`read_with_fallback`."""

    def __init__(self):
        self._tokens = []

    def __enter__(self):
        chosen = _reading_from_replica.get()
        if chosen is None:
            chosen = _healthy_replica()
            if chosen and not _answers(chosen):
                chosen = None
            chosen = chosen or False
        self._tokens.append(_reading_from_replica.set(chosen))
        return self

    def __exit__(self, *exc_info):
        _reading_from_replica.reset(self._tokens.pop())
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return read_with_fallback(lambda: func(*args, **kwargs))

        return wrapper


def read_with_fallback(read):
    """Run ``read()`` inside :class:`replica_reads`; if it fails because the replica went away
    under it, mark the replica down and run it again on the primary. Only for code that reads:
    it may run twice. An error that is not the replica's is raised as it was."""
    outer = _reading_from_replica.get() is not None
    with replica_reads():
        chosen = replica_alias()
        if outer or chosen is None:
            return read()
        try:
            return read()
        except DatabaseError as error:
            if check_replica(chosen):
                raise
            with contextlib.suppress(ConnectionDoesNotExist):
                _close(connections[chosen])
            mark_replica_down(chosen, error)
    with replica_reads():
        return read()


class ReplicaRouter:
    """Listed in ``DATABASE_ROUTERS`` for every environment; harmless without a replica."""

    def db_for_read(self, model, **hints):
        # None outside the block lets Django keep its own rule: the database an instance came
        # from, else the default. Inside it, the replica wins even over that hint, so that lazy
        # lookups from the request's user and the like read the replica too.
        return _reading_from_replica.get() or None

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
