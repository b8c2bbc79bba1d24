"""Certificate numbers: "0001/2026/GCN-SKHCN", sequential per issuing body and year.

A number is a legal reference, so the sequence must have no gaps and no duplicates. One
``CertificateCounter`` row per (issuing body key, year) holds the last number given out. It is
locked with ``SELECT ... FOR UPDATE`` inside the transaction that creates the certificates:
a concurrent issuer waits for the lock, and if the issuing transaction fails, the counter's
increment rolls back with it, so no number is lost. (On SQLite, ``select_for_update`` is a
no-op, but SQLite serialises write transactions, which gives the same guarantee.)

A bulk issue takes a whole block of numbers under one lock, so 10,000 certificates cost one
counter update, not 10,000.
"""

import calendar
import datetime

from django.db import IntegrityError, transaction

from .models import CertificateCounter


def add_months(day, months):
    """``day`` plus ``months`` calendar months, clamped to the month's last day (31/01 + 1 ->
    28/02 or 29/02)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def format_number(sequence, year, suffix):
    """The number as printed and looked up: "0001/2026/GCN-SKHCN" (at least four digits)."""
    return f"{sequence:04d}/{year}/{suffix}"


def allocate_sequence(*, issuing_body_key, year, count=1):
    """Reserve ``count`` consecutive numbers and return the first. Must run inside the
    transaction that uses them (so that a failure gives them back)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_sequence() must run inside transaction.atomic()")
    counter = (
        CertificateCounter.objects.select_for_update()
        .filter(issuing_body_key=issuing_body_key, year=year)
        .first()
    )
    if counter is None:
        try:
            # First certificate of this body this year: two issuers may race to create the
            # row; the loser's savepoint rolls back and it then waits on the winner's lock.
            with transaction.atomic():
                counter = CertificateCounter.objects.create(
                    issuing_body_key=issuing_body_key, year=year, last_sequence=0
                )
        except IntegrityError:
            counter = CertificateCounter.objects.select_for_update().get(
                issuing_body_key=issuing_body_key, year=year
            )
    first = counter.last_sequence + 1
    counter.last_sequence += count
    counter.save(update_fields=["last_sequence"])
    return first
