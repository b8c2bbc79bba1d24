"""Revocation as a W3C Bitstring Status List.

Place: certificate ``pk`` n is entry ``n % 131072`` of list ``n // 131072 + 1``. Unique, known
without a write, and it says nothing the printed (sequential) number does not already say.

Updates: :func:`status_lists_on_members_changed` receives ``lms.core.signals.members_changed``,
which ``certificate_revoke`` and ``certificate_reissue`` send inside their transaction; it
sets the bits of the holders' revoked certificates in that same transaction (a rolled-back
revocation leaves the list as it was). Setting a bit is idempotent, so a signal for an
unrelated change costs one query and no write.
"""

import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lms.core.public_url import public_url

from ..choices import CertificateStatus
from ..models import Certificate
from . import bitstring
from .models import StatusList

log = logging.getLogger(__name__)

PURPOSE = "revocation"


def status_position(certificate_pk: int) -> tuple[int, int]:
    """(list number, index in the list) of a certificate."""
    return certificate_pk // bitstring.LIST_SIZE + 1, certificate_pk % bitstring.LIST_SIZE


def status_list_url(number: int, request=None) -> str:
    return public_url(reverse("credentials:status_list", args=[number]), request=request)


def status_entry(certificate, *, request=None) -> dict:
    """The credential's ``credentialStatus`` (a ``BitstringStatusListEntry``)."""
    number, index = status_position(certificate.pk)
    url = status_list_url(number, request)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def _revoked_pks(number: int) -> list[int]:
    first = (number - 1) * bitstring.LIST_SIZE
    return list(
        Certificate.objects.filter(
            pk__gte=first, pk__lt=first + bitstring.LIST_SIZE, status=CertificateStatus.REVOKED
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def status_list_rebuild(*, number: int) -> StatusList:
    """Build list ``number`` from the certificates (the first time, or to repair it)."""
    pks = _revoked_pks(number)
    encoded = bitstring.encode(status_position(pk)[1] for pk in pks)
    status_list, _created = StatusList.objects.update_or_create(
        number=number,
        defaults={
            "encoded_list": encoded,
            "revoked_count": len(pks),
            "updated_at": timezone.now(),
        },
    )
    return status_list


def status_list_get(*, number: int) -> StatusList:
    """List ``number`` as published; built on first use (a list nobody has revoked from yet
    still answers, with every bit clear)."""
    status_list = StatusList.objects.filter(number=number).first()
    if status_list is not None:
        return status_list
    try:
        with transaction.atomic():
            return status_list_rebuild(number=number)
    except IntegrityError:  # built by a concurrent request in the meantime
        return StatusList.objects.get(number=number)


@transaction.atomic
def status_lists_mark_revoked(*, certificate_pks) -> int:
    """Set the bits of these (revoked) certificates; returns how many lists changed."""
    by_list: dict[int, list[int]] = {}
    for pk in certificate_pks:
        number, index = status_position(pk)
        by_list.setdefault(number, []).append(index)
    changed = 0
    for number, indexes in sorted(by_list.items()):
        status_list = StatusList.objects.select_for_update().filter(number=number).first()
        if status_list is None:
            # Built from the certificates as this transaction sees them: includes these.
            status_list_get(number=number)
            changed += 1
            continue
        encoded = bitstring.set_indexes(status_list.encoded_list, indexes)
        if encoded == status_list.encoded_list:
            continue
        bits = bitstring.decode(encoded)
        status_list.encoded_list = encoded
        status_list.revoked_count = sum(byte.bit_count() for byte in bits)
        status_list.updated_at = timezone.now()
        status_list.save(update_fields=["encoded_list", "revoked_count", "updated_at"])
        changed += 1
    return changed


def status_lists_on_members_changed(sender, member_ids, **kwargs):
    """Receiver of ``members_changed``: only the certificate services revoke."""
    if not str(sender).startswith("certificates."):
        return
    pks = list(
        Certificate.objects.filter(
            holder_id__in=member_ids, status=CertificateStatus.REVOKED
        ).values_list("pk", flat=True)
    )
    if pks:
        status_lists_mark_revoked(certificate_pks=pks)
