"""Deploy check: the rate limits and the sign-in lockout need one cache for every process.

Counters in a process-local cache (``LocMemCache``) are counted once per gunicorn worker: with
4 workers, a limit of 10 wrong codes lets 40 through. ``manage.py check --deploy`` refuses such
a cache when DEBUG is off; a deployment that truly runs one process may silence
``accounts.E001`` in ``SILENCED_SYSTEM_CHECKS``.
"""

from django.conf import settings
from django.core import checks

PROCESS_LOCAL = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def shared_cache_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL:
        return []
    return [
        checks.Error(
            f"The default cache is process-local ({backend.rsplit('.', 1)[-1]}): with more than "
            "one worker every rate limit and the sign-in address block count per process.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0): Redis is required when "
            "there is more than one worker.",
            id="accounts.E001",
        )
    ]
