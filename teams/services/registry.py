"""Write flows for teams, members and memberships (hamlets: ``hamlets.py``).

Every create, edit and delete of the admin screens comes through here (the ViewSets call these
functions from ``save_instance`` / ``delete_action``), so each rule is written once: the
services validate with ``full_clean()`` and raise ``ValidationError`` keyed by field where they
can, which the admin puts back on the form.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core.signals import members_changed_send, members_moved_send
from lms.core.text import normalize_text
from lms.core.validators import normalize_phone

from ..choices import Affiliation, ITQualification, TeamLevel, TeamRole, TeamStatus
from ..models import CommunityTeam, Hamlet, Member, Membership

MEMBER_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "phone",
    "email",
    "cccd",
    "affiliation",
    "it_qualification",
    "it_major",
    "ward",
    "user",
    "needs_review",
)
# What the admin may change on a team; its status and dissolution change only through
# ``team_dissolve``.
TEAM_FIELDS = (
    "level",
    "ward",
    "hamlet",
    "name",
    "decision_number",
    "decision_date",
    "decision_body",
    "founded_on",
    "monthly_stipend",
)


def normalize_cccd(value):
    """Officers paste CCCD numbers with spaces or dots, and Excel turns them into floats."""
    text = str(value or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def _log(instance, action, user, **kwargs):
    # Wagtail's audit log is the one history the admin already shows; actions are registered
    # in wagtail_hooks so their labels read well.
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=user, **kwargs)


def _validate(instance):
    """``full_clean()``, with the message of a one-field unique constraint (one active team per
    hamlet, one person per phone number) moved from the form's top onto that field."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict({})
        general = errors.pop(NON_FIELD_ERRORS, [])
        for error in general:
            field = _constraint_field(instance, error)
            errors.setdefault(field or NON_FIELD_ERRORS, []).append(error)
        raise ValidationError(errors) from exc


def _constraint_field(instance, error):
    for constraint in instance._meta.constraints:
        if (
            isinstance(constraint, UniqueConstraint)
            and len(constraint.fields) == 1
            and error.message == constraint.violation_error_message
        ):
            return constraint.fields[0]
    return None


def _check_fields(allowed, changes, service):
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {sorted(unknown)}")


def _delete_logged(instance, by) -> None:
    """Delete a hamlet, team or person (administrators only), logged first while it exists.
    Anything that still points at it with ``PROTECT`` (a team's memberships, a hamlet's teams,
    a person's certificates) refuses the deletion; the caller's transaction drops the log."""
    _log(instance, "wagtail.delete", by, deleted=True)
    try:
        instance.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Không thể xóa %(object)s: vẫn còn dữ liệu khác gắn với mục này.")
            % {"object": instance}
        ) from exc


# --- Teams -------------------------------------------------------------------------------------


def _team_area(team, *, hamlet, ward, level):
    """Place ``team`` at ``hamlet`` (a hamlet team, in the hamlet's ward) or, without one, in
    ``ward`` at ``level``; the errors name the field the officer has to correct."""
    if hamlet is not None:
        if ward is not None and hamlet.ward_id != ward.pk:
            raise ValidationError({"hamlet": _("Thôn, tổ dân phố không thuộc xã, phường đã chọn.")})
        if not hamlet.is_active and hamlet.pk != team.hamlet_id:
            raise ValidationError({"hamlet": _("Thôn, tổ dân phố này đã ngừng tồn tại.")})
        team.level, team.hamlet, team.ward = TeamLevel.HAMLET, hamlet, hamlet.ward
        return
    if level == TeamLevel.HAMLET:
        raise ValidationError({"hamlet": _("Tổ cấp thôn cần chọn thôn, tổ dân phố.")})
    if ward is None:
        raise ValidationError(_("Cần chọn thôn, tổ dân phố hoặc xã, phường."))
    team.level, team.hamlet, team.ward = TeamLevel.WARD, None, ward


@transaction.atomic
def team_register(
    *,
    hamlet: Hamlet | None = None,
    ward=None,
    level: str = "",
    name: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_body: str = "",
    founded_on: datetime.date | None = None,
    monthly_stipend: int | None = None,
    by=None,
) -> CommunityTeam:
    """A hamlet team when ``hamlet`` is given, otherwise a commune-level team of ``ward``
    (``level`` "hamlet" without a hamlet is refused: the admin's level choice)."""
    team = CommunityTeam(
        decision_number=decision_number,
        decision_date=decision_date,
        decision_body=decision_body,
        founded_on=founded_on or decision_date,
        monthly_stipend=monthly_stipend,
    )
    _team_area(team, hamlet=hamlet, ward=ward, level=level)
    team.name = name or CommunityTeam.default_name(hamlet=team.hamlet, ward=team.ward)
    _validate(team)
    team.save()
    _log(team, "wagtail.create", by, content_changed=True)
    return team


@transaction.atomic
def team_update(*, team: CommunityTeam, by=None, **changes) -> CommunityTeam:
    """Change a team's details (``TEAM_FIELDS``). Moving it to another hamlet, ward or level
    moves its members' coverage figures with it."""
    _check_fields(TEAM_FIELDS, changes, "team_update")
    before = (team.hamlet_id, team.ward_id, team.level)
    area = {key: changes.pop(key, getattr(team, key)) for key in ("hamlet", "ward", "level")}
    _team_area(team, **area)
    for field, value in changes.items():
        setattr(team, field, value)
    if not team.name:
        team.name = CommunityTeam.default_name(hamlet=team.hamlet, ward=team.ward)
    _validate(team)
    team.save()
    _log(team, "wagtail.edit", by, content_changed=True)
    if (team.hamlet_id, team.ward_id, team.level) != before:
        members_changed_send(
            sender=__name__, member_ids=team.memberships.values_list("member_id", flat=True)
        )
    if team.ward_id != before[1]:
        members_moved_send(
            sender=__name__,
            member_ids=team.memberships.filter(left_on__isnull=True).values_list(
                "member_id", flat=True
            ),
        )
    return team


@transaction.atomic
def team_dissolve(
    *,
    team: CommunityTeam,
    dissolved_on: datetime.date | None = None,
    reason: str = "",
    by=None,
) -> CommunityTeam:
    """Dissolving ends every open membership on the same day, with ``reason`` ("Tổ giải thể"
    when none is given); nothing is deleted."""
    if team.status == TeamStatus.DISSOLVED:
        raise ValidationError(_("Tổ này đã giải thể."))
    dissolved_on = dissolved_on or timezone.localdate()
    team.status = TeamStatus.DISSOLVED
    team.dissolved_on = dissolved_on
    _validate(team)
    team.save(update_fields=["status", "dissolved_on", "updated_at"])
    member_ids = [
        _membership_end(
            membership,
            left_on=max(dissolved_on, membership.joined_on or dissolved_on),
            reason=str(reason or _("Tổ giải thể")),
        ).member_id
        for membership in team.memberships.filter(left_on__isnull=True)
    ]
    if member_ids:
        # Once for the whole team: the reports recount each session of these people once.
        members_changed_send(sender=__name__, member_ids=member_ids)
        members_moved_send(sender=__name__, member_ids=member_ids)
    _log(team, "teams.dissolve", by, data={"reason": str(reason)} if reason else None)
    return team


@transaction.atomic
def team_delete(*, team: CommunityTeam, by=None) -> None:
    _delete_logged(team, by)


# --- Members -----------------------------------------------------------------------------------


def _member_clean_values(values):
    if "phone" in values:
        values["phone"] = normalize_phone(values["phone"])
    if "cccd" in values:
        values["cccd"] = normalize_cccd(values["cccd"])
    if "email" in values:
        values["email"] = (values["email"] or "").strip().lower()
    if "full_name" in values:
        values["full_name"] = normalize_text(values["full_name"])
    return values


def _member_validate(member):
    if not member.phone and not member.cccd:
        raise ValidationError({"phone": _("Cần số điện thoại hoặc số CCCD.")})
    _validate(member)


@transaction.atomic
def member_register(
    *,
    ward,
    full_name: str,
    phone: str = "",
    gender: str = "",
    date_of_birth: datetime.date | None = None,
    email: str = "",
    cccd: str = "",
    affiliation: str = Affiliation.OTHER,
    it_qualification: str = ITQualification.NONE,
    it_major: bool = False,
    user=None,
    needs_review: bool = False,
    by=None,
) -> Member:
    """Register a person. The phone is normalised ("+84 912 345 678" -> "0912345678") and,
    like the CCCD, must be unique; one of the two is needed, no email is."""
    values = _member_clean_values(
        {
            "ward": ward,
            "full_name": full_name,
            "phone": phone,
            "gender": gender,
            "date_of_birth": date_of_birth,
            "email": email,
            "cccd": cccd,
            "affiliation": affiliation,
            "it_qualification": it_qualification,
            "it_major": it_major,
            "user": user,
            "needs_review": needs_review,
        }
    )
    member = Member(**values)
    _member_validate(member)
    member.save()
    _log(member, "wagtail.create", by, content_changed=True)
    return member


@transaction.atomic
def member_update(*, member: Member, by=None, **changes) -> Member:
    _check_fields(MEMBER_FIELDS, changes, "member_update")
    for field, value in _member_clean_values(dict(changes)).items():
        setattr(member, field, value)
    _member_validate(member)
    member.save()
    _log(member, "wagtail.edit", by, content_changed=True)
    # Ward, gender, birth date, affiliation and qualification are report figures.
    members_changed_send(sender=__name__, member_ids=[member.pk])
    if "ward" in changes or "ward_id" in changes:
        members_moved_send(sender=__name__, member_ids=[member.pk])
    return member


@transaction.atomic
def member_delete(*, member: Member, by=None) -> None:
    """Their memberships and coverage rows go with them (``CASCADE``), their attendance rows
    too: the sessions they were on are recounted without them first."""
    members_moved_send(sender=__name__, member_ids=[member.pk], removing=True)
    _delete_logged(member, by)


@transaction.atomic
def member_consent_set(*, member: Member, consent: bool, by=None) -> Member:
    """Record the person's consent to show their name and phone on the public "find your team"
    page. The time is kept for both giving and withdrawing, as Decree 13/2023 asks."""
    consent = bool(consent)
    if member.public_consent == consent and member.public_consent_at:
        return member
    member.public_consent = consent
    member.public_consent_at = timezone.now()
    member.save(update_fields=["public_consent", "public_consent_at", "updated_at"])
    _log(member, "teams.consent_given" if consent else "teams.consent_withdrawn", by)
    return member


# --- Memberships -------------------------------------------------------------------------------


def team_has_other_leader(team, member) -> bool:
    return (
        team.memberships.filter(role=TeamRole.LEADER, left_on__isnull=True)
        .exclude(member=member)
        .exists()
    )


@transaction.atomic
def membership_join(
    *,
    member: Member,
    team: CommunityTeam,
    role: str = TeamRole.MEMBER,
    joined_on: datetime.date | None = None,
    by=None,
) -> Membership:
    if team.status != TeamStatus.ACTIVE:
        raise ValidationError(_("Tổ không còn hoạt động, không thể thêm thành viên."))
    if role == TeamRole.LEADER and team_has_other_leader(team, member):
        raise ValidationError(_("Tổ đã có tổ trưởng; cho tổ trưởng hiện tại rời tổ trước."))
    membership = Membership(
        member=member, team=team, role=role, joined_on=joined_on or timezone.localdate()
    )
    _validate(membership)
    membership.save()
    members_changed_send(sender=__name__, member_ids=[member.pk])
    members_moved_send(sender=__name__, member_ids=[member.pk])
    return membership


@transaction.atomic
def membership_leave(
    *, membership: Membership, left_on: datetime.date | None = None, reason: str = "", by=None
) -> Membership:
    """End a membership. History is never deleted: reports count who was in a team when."""
    _membership_end(membership, left_on=left_on, reason=reason)
    members_changed_send(sender=__name__, member_ids=[membership.member_id])
    members_moved_send(sender=__name__, member_ids=[membership.member_id])
    return membership


def _membership_end(membership, *, left_on, reason):
    """The membership's end, validated and saved; the caller sends the signals."""
    if membership.left_on is not None:
        raise ValidationError(_("Người này đã rời tổ."))
    membership.left_on = left_on or timezone.localdate()
    membership.left_reason = reason
    membership.full_clean()
    membership.save(update_fields=["left_on", "left_reason"])
    return membership
