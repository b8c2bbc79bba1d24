"""Is the read replica fit to answer the reports? Down, or lagging past a bound: no.

The check costs a connection and one statement, so its answer is kept in the shared cache for
``REPLICA_HEALTH_SECONDS`` (every process then checks at most once per period between them) and
in this process for up to a second, so that the router never asks the cache per query.

Lag is measured on the replica itself: zero when it has replayed everything it received, else
the age of the last transaction it replayed. ``now() - pg_last_xact_replay_timestamp()`` alone
would grow on an idle primary that has nothing to send, and report a healthy replica as late.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils.connection import ConnectionDoesNotExist

logger = logging.getLogger("lms.replica")

LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""
CONNECT_TIMEOUT = 2  # seconds; the check must not hang a request on an unreachable host
LOCAL_SECONDS = 1.0

_local = {}  # alias -> (monotonic expiry, usable)


def max_lag():
    return getattr(settings, "REPLICA_MAX_LAG_SECONDS", 30)


def health_seconds():
    return getattr(settings, "REPLICA_HEALTH_SECONDS", 5)


def _key(alias):
    return f"replica-health:{alias}"


def measure_lag(alias):
    """Seconds the replica is behind the primary, or ``None`` when it does not answer."""
    try:
        wrapper = connections[alias]
    except ConnectionDoesNotExist:
        return 0.0  # only named in settings (unit tests): nothing to measure
    if wrapper.vendor != "postgresql":
        return 0.0  # an alias of the same database (tests): never behind
    params = {**wrapper.get_connection_params(), "connect_timeout": CONNECT_TIMEOUT}
    params.pop("pool", None)
    try:
        connection = wrapper.Database.connect(**params)
    except wrapper.Database.Error:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0])
    except wrapper.Database.Error:
        return None
    finally:
        connection.close()


def _remember(alias, usable):
    _local[alias] = (time.monotonic() + min(LOCAL_SECONDS, health_seconds()), usable)
    try:
        cache.set(_key(alias), usable, health_seconds())
    except Exception:
        logger.exception("Could not store the replica health in the cache")


def check_replica(alias):
    """Measure now (no cache), log when the replica is not fit, and remember the answer."""
    lag = measure_lag(alias)
    if lag is None:
        logger.warning("Replica %s does not answer: reports read from the primary", alias)
        usable = False
    elif lag > max_lag():
        logger.warning(
            "Replica %s lags %.1f s (bound %s s): reports read from the primary",
            alias,
            lag,
            max_lag(),
        )
        usable = False
    else:
        usable = True
    _remember(alias, usable)
    return usable


def replica_is_usable(alias):
    """The cached answer of :func:`check_replica`, measured at most once per period."""
    hit = _local.get(alias)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    try:
        usable = cache.get(_key(alias))
    except Exception:
        usable = None
    if usable is None:
        return check_replica(alias)
    _local[alias] = (time.monotonic() + min(LOCAL_SECONDS, health_seconds()), usable)
    return usable


def mark_replica_down(alias, reason):
    """The replica failed in use: read from the primary until the next check says otherwise."""
    logger.warning("Replica %s failed (%s): reports read from the primary", alias, reason)
    _remember(alias, False)


def forget(alias):
    """Drop the remembered answer (tests, and an operator who just restarted the replica)."""
    _local.pop(alias, None)
    try:
        cache.delete(_key(alias))
    except Exception:
        logger.exception("Could not drop the replica health from the cache")
