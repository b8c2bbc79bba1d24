"""Which database the reports read from.

Reports are long aggregate reads; on a busy national deployment they belong on a read replica
so that officers pulling quarterly figures do not slow down learners writing progress.
``lms/settings/production.py`` adds ``DATABASES["replica"]`` when ``REPLICA_DATABASE_URL`` is
set. Every report query names :func:`report_db_alias` explicitly, so the selectors read from
the replica wherever they are called from (views, the admin home panel, the benchmark
commands); the report views also run inside ``lms.core.db_router.replica_reads()``, which sends the
rest of their reads there through the router. Nothing in this app writes.
"""

from django.db import DEFAULT_DB_ALIAS

from lms.core.db_router import replica_alias


def report_db_alias():
    # lms.core.db_router decides whether there is a replica, for the router and for us alike.
    return replica_alias() or DEFAULT_DB_ALIAS
