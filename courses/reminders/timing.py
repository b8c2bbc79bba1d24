"""When a reminder may go out: quiet hours (21:00–07:00 in Vietnam) and the retry backoff."""

import datetime

from django.utils import timezone

QUIET_FROM = datetime.time(21, 0)
QUIET_UNTIL = datetime.time(7, 0)

# A failed send is tried again after 5, 10, 20 and 40 minutes; the fifth failure is final.
MAX_ATTEMPTS = 5
RETRY_BASE = datetime.timedelta(minutes=5)
# A send that has had no answer recorded this long after its claim was interrupted (the
# gateways time out after 30 s; a batch of 500 takes a few minutes at most).
SENDING_TIMEOUT = datetime.timedelta(minutes=15)


def is_quiet(moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def out_of_quiet_hours(moment: datetime.datetime) -> datetime.datetime:
    """``moment``, or the next 07:00 in Vietnam when it falls in quiet hours."""
    if not is_quiet(moment):
        return moment
    local = timezone.localtime(moment)
    day = local.date()
    if local.time() >= QUIET_FROM:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(day, QUIET_UNTIL), timezone.get_default_timezone()
    )


def retry_at(*, now: datetime.datetime, attempts: int) -> datetime.datetime:
    """Exponential backoff after the ``attempts``-th failure, moved out of quiet hours."""
    return out_of_quiet_hours(now + RETRY_BASE * (2 ** max(attempts - 1, 0)))


def local_at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute)),
        timezone.get_default_timezone(),
    )
