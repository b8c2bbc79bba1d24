"""Reads for the member flows: the signed-in person's teams, members awaiting a slip, the member
a request for erasure names, and the rows an erasure keeps."""

from django.db.models import Exists, OuterRef

from lms.accounts.models import ActivationCode
from lms.accounts.scoping import scope_queryset
from lms.core.validators import normalize_phone
from teams.models import Member


def memberships_of(member):
    return member.memberships.select_related("team__ward").order_by("left_on", "-joined_on")


def members_for_slips(user, *, ward=None, pending_only=False):
    """Members ``user`` may print activation slips for, with whether they already signed in.

    ``has_password`` is False for accounts created by a slip and never activated.
    """
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


def members_matching(*, phone=None, cccd=None, member_id=None):
    """The member a request for erasure names, by phone, CCCD or id (the command uses it too)."""
    queryset = Member.objects.select_related("ward", "user")
    if member_id:
        return queryset.filter(pk=member_id)
    if phone:
        return queryset.filter(phone=normalize_phone(phone))
    if cccd:
        return queryset.filter(cccd=cccd.strip())
    return queryset.none()


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
