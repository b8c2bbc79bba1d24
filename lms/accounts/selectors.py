"""Reads for accounts: the signed-in person's own records, members awaiting a slip."""

from django.db.models import Exists, OuterRef

from .models import ActivationCode
from .scoping import scope_queryset


def member_of(user):
    """The Member behind a signed-in user, or None (staff accounts usually have none)."""
    from teams.models import Member

    if not user.is_authenticated:
        return None
    return Member.objects.select_related("ward__province").filter(user=user).first()


def memberships_of(member):
    return member.memberships.select_related("team__ward").order_by("left_on", "-joined_on")


def members_for_slips(user, *, ward=None, pending_only=False):
    """Members ``user`` may print activation slips for, with whether they already signed in.

    ``has_password`` is False for accounts created by a slip and never activated.
    """
    from teams.models import Member

    queryset = scope_queryset(user, Member.objects.filter(anonymised_at__isnull=True))
    if ward is not None:
        queryset = queryset.filter(ward=ward)
    queryset = queryset.select_related("ward", "user").annotate(
        has_open_code=Exists(
            ActivationCode.objects.filter(user_id=OuterRef("user_id"), used_at__isnull=True)
        )
    )
    if pending_only:
        queryset = queryset.filter(user__isnull=True)
    return queryset.order_by("full_name", "pk")


def member_record_counts(member):
    """Rows in other tables that hang on ``member`` (memberships, attendance, certificates...).

    Found through the model's reverse relations, so it keeps working as apps add tables; the
    anonymisation screen shows it, and its tests assert it does not change.
    """
    counts = {}
    for relation in member._meta.related_objects:
        if not relation.one_to_many:
            continue
        model = relation.related_model
        counts[str(model._meta.verbose_name_plural)] = model._default_manager.filter(
            **{relation.field.name: member}
        ).count()
    return counts
