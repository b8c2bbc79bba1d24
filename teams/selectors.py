"""Reads of the teams registry: resolving place names (old and new), teams and their people."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lms.core.collation import sort_key, vi_ordered
from lms.core.text import fold

from .choices import TeamRole, TeamStatus
from .models import (
    CommunityTeam,
    Hamlet,
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    Member,
    Membership,
    Province,
    Ward,
)

_UNIT_PREFIX = re.compile(
    r"^(tinh|thanh pho|tp\.?|quan|huyen|thi xa|tx\.?|thi tran|tt\.?|xa|phuong|p\.|dac khu) +"
)


def place_keys(text):
    """The keys a typed place name may match: folded as typed, and without its unit word
    ("Thành phố Vị Thanh" -> {"thanh pho vi thanh", "vi thanh"})."""
    folded = fold(text).replace(".", ". ").replace("  ", " ").strip()
    keys = {folded}
    stripped = _UNIT_PREFIX.sub("", folded).strip()
    if stripped:
        keys.add(stripped)
    return keys


def unit_keys(unit):
    return {fold(unit.name), fold(unit.short_name)}


@dataclass
class Resolution:
    """Where a place name lands today. ``warning`` is set when the answer is a guess the
    officer should check (an old unit, or an old ward split across several new ones)."""

    ward: Ward | None = None
    province: Province | None = None
    legacy_ward: LegacyWard | None = None
    candidates: list = field(default_factory=list)
    is_partial: bool = False
    warning: str = ""
    error: str = ""

    @property
    def ok(self):
        return self.ward is not None


def province_match(text):
    """The current province named ``text``, or (for a pre-2025 name such as "Hậu Giang") the
    province it merged into, with a flag saying which."""
    keys = place_keys(text)
    for province in Province.objects.all():
        if keys & unit_keys(province):
            return province, None
    for legacy in LegacyProvince.objects.select_related("successor"):
        if keys & unit_keys(legacy):
            return legacy.successor, legacy
    return None, None


def ward_match(province, text):
    keys = place_keys(text)
    return next((w for w in Ward.objects.filter(province=province) if keys & unit_keys(w)), None)


def _legacy_provinces_for(province_name):
    """The old provinces a province name may mean; None when no province has that name."""
    province_keys = place_keys(province_name)
    legacy_provinces = [p for p in LegacyProvince.objects.all() if province_keys & unit_keys(p)]
    if legacy_provinces:
        return legacy_provinces
    # A current province name with an old ward name ("Phường Vị Tân" is new, but
    # "xã Vị Tân, Cần Thơ" was in Hậu Giang): search every old province it absorbed.
    province, _legacy = province_match(province_name)
    if province is None:
        return None
    return list(province.legacy_provinces.all())


def _legacy_wards_named(*, ward_keys, legacy_provinces, district_name):
    """Old wards of those provinces with that name, narrowed to the old district if given."""
    qs = LegacyWard.objects.filter(province__in=legacy_provinces, name_key__in=ward_keys)
    if district_name:
        district_keys = place_keys(district_name)
        districts = [
            d
            for d in LegacyDistrict.objects.filter(province__in=legacy_provinces)
            if district_keys & unit_keys(d)
        ]
        qs = qs.filter(district__in=districts)
    return list(
        qs.select_related("district", "province").prefetch_related("mappings__ward__province")
    )


def _legacy_resolution(legacy) -> Resolution:
    """Today's default ward for one old ward, with the warning for an old or split name."""
    mappings = list(legacy.mappings.select_related("ward__province"))
    default = next(m for m in mappings if m.is_default)
    result = Resolution(
        ward=default.ward,
        province=default.ward.province,
        legacy_ward=legacy,
        candidates=[m.ward for m in mappings],
        is_partial=default.is_partial,
    )
    if default.is_partial:
        result.warning = _(
            "“%(old)s” (trước 01/07/2025) đã được chia cho nhiều xã, phường: %(all)s. "
            "Tạm xếp vào %(new)s; hãy kiểm tra lại."
        ) % {
            "old": str(legacy),
            "all": ", ".join(m.ward.name for m in mappings),
            "new": default.ward.name,
        }
    else:
        result.warning = _("“%(old)s” là tên trước 01/07/2025, nay thuộc %(new)s.") % {
            "old": str(legacy),
            "new": str(default.ward),
        }
    return result


def legacy_ward_resolve(*, ward_name, province_name, district_name="") -> Resolution:
    """Resolve an old (pre-1 July 2025) ward to today's ward through the explicit mapping.

    A whole old ward resolves without doubt (still with a warning that the name is old). A
    split old ward resolves to its default new ward with a warning naming every new ward it
    was split into, so the officer can correct it; an ambiguous name is an error.
    """
    ward_keys = place_keys(ward_name)
    legacy_provinces = _legacy_provinces_for(province_name)
    if legacy_provinces is None:
        return Resolution(error=_("Không tìm thấy tỉnh, thành phố “%s”.") % province_name)
    legacy_wards = _legacy_wards_named(
        ward_keys=ward_keys, legacy_provinces=legacy_provinces, district_name=district_name
    )
    if not legacy_wards:
        return Resolution(error=_("Không tìm thấy xã, phường “%s”.") % ward_name)
    targets = {m.ward_id for w in legacy_wards for m in w.mappings.all()}
    if len(legacy_wards) > 1 and len(targets) > 1:
        return Resolution(
            error=_("Có nhiều xã cũ tên “%(name)s” (%(where)s): cần ghi thêm huyện, quận cũ.")
            % {
                "name": ward_name,
                "where": "; ".join(w.district.name for w in legacy_wards),
            }
        )
    return _legacy_resolution(legacy_wards[0])


def address_resolve(address: str) -> Resolution:
    """Resolve "ward, [district,] province" (old or new) to today's ward.

    "Phường Vị Tân, Thành phố Cần Thơ" is current and resolves silently;
    "xã Vị Tân, thành phố Vị Thanh, tỉnh Hậu Giang" is pre-2025 and resolves with a warning.
    """
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    if len(parts) < 2:
        return Resolution(error=_("Cần ghi ít nhất xã, phường và tỉnh, thành phố."))
    ward_name, province_name = parts[-3] if len(parts) >= 3 else parts[0], parts[-1]
    district_name = parts[-2] if len(parts) >= 3 else ""
    province, legacy_province = province_match(province_name)
    if province is not None and legacy_province is None and not district_name:
        ward = ward_match(province, ward_name)
        if ward is not None:
            return Resolution(ward=ward, province=province, candidates=[ward])
    return legacy_ward_resolve(
        ward_name=ward_name, province_name=province_name, district_name=district_name
    )


# --- Teams and people --------------------------------------------------------------------------


def active_memberships():
    return Membership.objects.filter(left_on__isnull=True)


def team_members(team):
    """Current members, leader first."""
    order = {TeamRole.LEADER: 0, TeamRole.DEPUTY: 1, TeamRole.MEMBER: 2}
    rows = list(active_memberships().filter(team=team).select_related("member"))
    return sorted(rows, key=lambda m: (order.get(m.role, 9), sort_key(m.member.full_name)))


def team_history(team):
    """Every membership, past and present, newest first."""
    return vi_ordered(
        Membership.objects.filter(team=team).select_related("member"),
        "-joined_on",
        "member__full_name",
    )


# --- Public "find your team" ------------------------------------------------------------------


def public_wards(province):
    return vi_ordered(Ward.objects.filter(province=province), "name")


def public_hamlets(ward):
    return vi_ordered(Hamlet.objects.filter(ward=ward, is_active=True), "kind", "name")


def public_teams(*, ward, hamlet=None):
    """Active teams of a ward (or one hamlet), with the leaders and deputies who agreed to be
    shown. Nothing personal beyond name and phone is loaded."""
    officers = vi_ordered(
        active_memberships()
        .filter(role__in=[TeamRole.LEADER, TeamRole.DEPUTY], member__public_consent=True)
        .select_related("member")
        .only("role", "team_id", "member__full_name", "member__phone"),
        "role",
        "member__full_name",
    )
    qs = CommunityTeam.objects.filter(ward=ward, status=TeamStatus.ACTIVE)
    qs = qs.filter(hamlet=hamlet) if hamlet else qs
    return vi_ordered(
        qs.select_related("hamlet").prefetch_related(
            Prefetch("memberships", queryset=officers, to_attr="public_contacts")
        ),
        "level",
        "hamlet__name",
    )


# --- The signed-in person --------------------------------------------------------------------


def member_for_user(user):
    """The Member behind a signed-in user, or None (staff accounts usually have none)."""
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.select_related("ward__province").filter(user=user).first()
