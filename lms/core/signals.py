"""Signals that let a lower layer tell a higher one that its derived data is stale.

The services of ``teams``, ``courses`` and ``certificates`` send :data:`members_changed` inside
their own transaction right after they change anything the coverage rows are built from
(memberships, attendance, completions, certificates). The reports app connects its receiver in
``AppConfig.ready()`` and recomputes those people's rows in the same transaction, so a
rolled-back write leaves no trace there either, and no lower app imports the reports.

``teams.support``'s services send :data:`support_records_changed` the same way for the support
report's monthly sums, and the attendance services :data:`sessions_changed` for the activity
report's per-session counts.
"""

from django.dispatch import Signal

# Sent with ``member_ids``: an iterable (or queryset) of ``teams.Member`` primary keys.
members_changed = Signal()


def members_changed_send(*, sender, member_ids) -> None:
    members_changed.send(sender=sender, member_ids=member_ids)


# Sent with ``ward_months`` (pairs of ``teams.Ward`` id and first day of a month) and
# ``team_ids``: what a write to the support log touched, before and after a correction.
support_records_changed = Signal()


def support_records_changed_send(*, sender, ward_months, team_ids) -> None:
    support_records_changed.send(sender=sender, ward_months=ward_months, team_ids=team_ids)


# Sent with ``session_ids``: training sessions whose roster or marks a write changed (rows
# added, removed, marked), so that the activity report's per-session counts follow.
sessions_changed = Signal()


def sessions_changed_send(*, sender, session_ids, attended_member_id=None) -> None:
    """``attended_member_id``: the change was only that this person, already on the roster of
    the one session in ``session_ids``, now attended (a check-in), so that the per-unit counts
    can add one instead of recounting the roster while 300 others wait to check in."""
    sessions_changed.send(
        sender=sender, session_ids=session_ids, attended_member_id=attended_member_id
    )


# Sent with ``member_ids`` by the teams services when people change ward or team (a move, a
# join, a leave, a team moved or dissolved), so that the attendance report's per-unit counts of
# the sessions they were invited to follow them. ``removing`` is true when the people are about
# to be deleted: counts are then taken without them.
members_moved = Signal()


def members_moved_send(*, sender, member_ids, removing=False) -> None:
    members_moved.send(sender=sender, member_ids=member_ids, removing=removing)
