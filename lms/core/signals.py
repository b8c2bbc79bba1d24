"""Signals that let a lower layer tell a higher one that its derived data is stale.

The services of ``teams``, ``courses`` and ``certificates`` send :data:`members_changed` inside
their own transaction right after they change anything the coverage rows are built from
(memberships, attendance, completions, certificates). The reports app connects its receiver in
``AppConfig.ready()`` and recomputes those people's rows in the same transaction, so a
rolled-back write leaves no trace there either, and no lower app imports the reports.
"""

from django.dispatch import Signal

# Sent with ``member_ids``: an iterable (or queryset) of ``teams.Member`` primary keys.
members_changed = Signal()


def members_changed_send(*, sender, member_ids) -> None:
    members_changed.send(sender=sender, member_ids=member_ids)
