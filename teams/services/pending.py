"""Member lists waiting between the preview and the confirmation (``PendingImport``).

The bytes wait in the database so that any app server can confirm; the session keeps only the
token and the preview's choices.
"""

import datetime
import secrets

from django.utils import timezone

from ..models import PendingImport

PENDING_MAX_AGE = datetime.timedelta(days=1)


def pending_import_purge() -> int:
    """Drop uploads older than ``PENDING_MAX_AGE``: nobody can confirm them any more and they
    hold personal data. Returns how many were dropped."""
    cutoff = timezone.now() - PENDING_MAX_AGE
    deleted, _ = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def pending_import_store(*, user, data: bytes, suffix: str) -> str:
    """Keep an upload that passed its preview; returns the token that confirms it. Purges the
    old ones first, as there is no scheduler to do it."""
    pending_import_purge()
    pending = PendingImport(token=secrets.token_hex(16), user=user, suffix=suffix, data=data)
    pending.full_clean(validate_unique=False)  # a fresh 128-bit token
    pending.save(force_insert=True)
    return pending.token


def pending_import_take(*, user, token: str) -> tuple[bytes, str] | None:
    """The upload's ``(bytes, suffix)``, once: the row is deleted before it is returned, whatever
    the import then does (a confirmation that finds errors shows them; the user uploads again).
    ``None`` when the token is unknown, another user's, already taken or older than a day."""
    pending = PendingImport.objects.filter(token=token, user=user).first()
    if pending is None:
        return None
    # Only the request whose DELETE removes the row may use it (two clicks on "confirm").
    deleted, _ = PendingImport.objects.filter(pk=pending.pk).delete()
    if not deleted or pending.created_at < timezone.now() - PENDING_MAX_AGE:
        return None
    return bytes(pending.data), pending.suffix
