"""Which database the reports read from.

Reports are long aggregate reads; on a busy national deployment they belong on a read replica
so that officers pulling quarterly figures do not slow down learners writing progress.
``lms/settings/production.py`` adds ``DATABASES["replica"]`` when ``REPLICA_DATABASE_URL`` is
set; every report query goes through :func:`report_db_alias`, and nothing in this app writes.
"""

from django.conf import settings

REPLICA_ALIAS = "replica"


def report_db_alias():
    return REPLICA_ALIAS if REPLICA_ALIAS in settings.DATABASES else "default"
