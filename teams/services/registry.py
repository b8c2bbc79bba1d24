"""Write flows for hamlets, teams, members and memberships."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.reports.activity import member_activity_refresh, team_activity_refresh
from lms.text import normalize_text
from lms.validators import normalize_phone

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


def normalize_cccd(value):
    """Officers paste CCCD numbers with spaces or dots, and Excel turns them into floats."""
    text = str(value or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def _log(instance, action, user):
    # Wagtail's audit log is the one history the admin already shows; actions are registered
    # in wagtail_hooks so their labels read well.
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=user)


@transaction.atomic
def hamlet_create(*, ward, name, kind, code="", valid_from=None, by=None) -> Hamlet:
    hamlet = Hamlet(ward=ward, name=name, kind=kind, code=code or "", valid_from=valid_from)
    hamlet.full_clean()
    hamlet.save()
    return hamlet


@transaction.atomic
def hamlet_merge(
    *,
    hamlets,
    merged_on: datetime.date,
    into: Hamlet | None = None,
    name: str = "",
    kind: str = "",
    by=None,
) -> Hamlet:
    """Merge ``hamlets`` into ``into`` (an existing hamlet) or into a new hamlet ``kind name``
    of the same ward. Merged hamlets are kept, inactive, with ``valid_to`` the day before the
    merger and the successor recorded, so old records and import files still resolve. Their
    teams are left as they are: whether to dissolve or rename them is a decision of the ward."""
    hamlets = [h for h in hamlets if into is None or h.pk != into.pk]
    if not hamlets:
        raise ValidationError(_("Chọn ít nhất một thôn, tổ dân phố để sáp nhập."))
    wards = {h.ward_id for h in hamlets} | ({into.ward_id} if into else set())
    if len(wards) != 1:
        raise ValidationError(_("Chỉ sáp nhập các thôn, tổ dân phố trong cùng một xã, phường."))
    if any(not h.is_active for h in hamlets):
        raise ValidationError(_("Có thôn, tổ dân phố đã ngừng tồn tại."))
    valid_to = merged_on - datetime.timedelta(days=1)
    for hamlet in hamlets:
        hamlet.is_active = False
        hamlet.valid_to = valid_to
        hamlet.full_clean()
        hamlet.save(update_fields=["is_active", "valid_to"])
    if into is None:
        if not (name and kind):
            raise ValidationError(_("Cần tên và loại của thôn, tổ dân phố mới."))
        into = hamlet_create(
            ward=hamlets[0].ward, name=name, kind=kind, valid_from=merged_on, by=by
        )
    for hamlet in hamlets:
        hamlet.successors.add(into)
    return into


@transaction.atomic
def team_register(
    *,
    hamlet: Hamlet | None = None,
    ward=None,
    name: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_body: str = "",
    founded_on: datetime.date | None = None,
    monthly_stipend: int | None = None,
    by=None,
) -> CommunityTeam:
    """A hamlet team when ``hamlet`` is given, otherwise a commune-level team of ``ward``."""
    if hamlet is None and ward is None:
        raise ValidationError(_("Cần chọn thôn, tổ dân phố hoặc xã, phường."))
    if hamlet is not None and not hamlet.is_active:
        raise ValidationError(_("Thôn, tổ dân phố này đã ngừng tồn tại."))
    team = CommunityTeam(
        level=TeamLevel.HAMLET if hamlet else TeamLevel.WARD,
        hamlet=hamlet,
        ward=hamlet.ward if hamlet else ward,
        name=name or CommunityTeam.default_name(hamlet=hamlet, ward=ward),
        decision_number=decision_number,
        decision_date=decision_date,
        decision_body=decision_body,
        founded_on=founded_on or decision_date,
        monthly_stipend=monthly_stipend,
    )
    team.full_clean()
    team.save()
    _log(team, "wagtail.create", by)
    return team


@transaction.atomic
def team_dissolve(
    *, team: CommunityTeam, dissolved_on: datetime.date | None = None, by=None
) -> CommunityTeam:
    """Dissolving ends every open membership on the same day; nothing is deleted."""
    if team.status == TeamStatus.DISSOLVED:
        raise ValidationError(_("Tổ này đã giải thể."))
    dissolved_on = dissolved_on or timezone.localdate()
    team.status = TeamStatus.DISSOLVED
    team.dissolved_on = dissolved_on
    team.full_clean()
    team.save(update_fields=["status", "dissolved_on", "updated_at"])
    for membership in team.memberships.filter(left_on__isnull=True):
        membership_leave(
            membership=membership,
            left_on=max(dissolved_on, membership.joined_on or dissolved_on),
            reason=str(_("Tổ giải thể")),
        )
    _log(team, "teams.dissolve", by)
    return team


def team_saved(*, team: CommunityTeam) -> None:
    """After the admin form changed a team (its hamlet, ward, level or status), the coverage
    figures of its members follow it."""
    team_activity_refresh(team=team)


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
    like the CCCD, must be unique; no email is needed."""
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
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: Member, by=None, **changes) -> Member:
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_update() got unexpected fields: {sorted(unknown)}")
    for field, value in _member_clean_values(dict(changes)).items():
        setattr(member, field, value)
    member.full_clean()
    member.save()
    return member


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
    if (
        role == TeamRole.LEADER
        and team.memberships.filter(role=TeamRole.LEADER, left_on__isnull=True)
        .exclude(member=member)
        .exists()
    ):
        raise ValidationError(_("Tổ đã có tổ trưởng; cho tổ trưởng hiện tại rời tổ trước."))
    membership = Membership(
        member=member, team=team, role=role, joined_on=joined_on or timezone.localdate()
    )
    membership.full_clean()
    membership.save()
    member_activity_refresh(member_ids=[member.pk])
    return membership


@transaction.atomic
def membership_leave(
    *, membership: Membership, left_on: datetime.date | None = None, reason: str = "", by=None
) -> Membership:
    """End a membership. History is never deleted: reports count who was in a team when."""
    if membership.left_on is not None:
        raise ValidationError(_("Người này đã rời tổ."))
    membership.left_on = left_on or timezone.localdate()
    membership.left_reason = reason
    membership.full_clean()
    membership.save(update_fields=["left_on", "left_reason"])
    member_activity_refresh(member_ids=[membership.member_id])
    return membership
