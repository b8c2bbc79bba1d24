"""Hamlets and community teams, on top of the real provinces and wards.

Wards that already have hamlets (demo or real data) are left alone, so scale data never mixes
with rows someone else owns; the rest get 20-40 hamlets each and 0-1 team per hamlet.
"""

import datetime
from collections import defaultdict

from teams.choices import HamletKind
from teams.models import CommunityTeam, Hamlet, Province, Ward

from .. import names
from .presets import (
    CENTRAL_HIGHLANDS,
    NO_TEAM_WARD_SHARE,
    NORTHERN_HIGHLANDS,
    SOUTHERN,
    TEAM_IN_HAMLET_SHARE,
    random_day,
    weighted,
)


def wards_for(preset, province_code=None):
    """(province, wards) pairs in code order: the wards with no hamlet yet, at most
    ``preset.max_wards`` per province."""
    codes = preset.province_codes
    if province_code:
        codes = (province_code,)
    provinces = Province.objects.order_by("code")
    if codes is not None:
        provinces = provinces.filter(code__in=codes)
    provinces = list(provinces)
    taken = set(Hamlet.objects.values_list("ward_id", flat=True).distinct())
    wards = defaultdict(list)
    for ward in Ward.objects.filter(province__in=provinces).order_by("code"):
        if ward.pk in taken:
            continue  # demo or real hamlets: leave that ward alone
        if preset.max_wards and len(wards[ward.province_id]) >= preset.max_wards:
            continue
        wards[ward.province_id].append(ward)
    return [(province, wards[province.pk]) for province in provinces if wards[province.pk]]


def _hamlet_kind(rng, ward_type, province_code):
    if ward_type == "phuong":
        if province_code in SOUTHERN:
            return "khu_pho" if rng.random() < 0.8 else "khom"
        return "to_dan_pho"
    if ward_type == "dac_khu":
        return "thon" if rng.random() < 0.6 else "to_dan_pho"
    if province_code in SOUTHERN:
        return "ap"
    if province_code in NORTHERN_HIGHLANDS:
        return "ban" if rng.random() < 0.6 else "thon"
    if province_code in CENTRAL_HIGHLANDS:
        return weighted(rng, [("thon", 6), ("buon", 2), ("lang", 2)])
    return "thon"


def _hamlet_names(rng, kind, count, province_code):
    """Numbered groups in towns ("Tổ dân phố 7"); named hamlets in the country ("Thôn Tân
    Lập"), unique within the ward."""
    if kind in ("to_dan_pho", "khu_pho", "khom"):
        return [str(n) for n in range(1, count + 1)]
    highland = province_code in NORTHERN_HIGHLANDS and kind == "ban"
    first = names.HIGHLAND_FIRST if highland else names.PLACE_FIRST
    second = names.HIGHLAND_SECOND if highland else names.PLACE_SECOND
    chosen, seen = [], set()
    while len(chosen) < count:
        if rng.random() < 0.3:
            name = str(len(chosen) + 1)
        else:
            name = f"{rng.choice(first)} {rng.choice(second)}"
        if name not in seen:
            seen.add(name)
            chosen.append(name)
    return chosen


def add_hamlets_and_teams(run, province, wards):
    """Hamlets, then teams (0-1 per hamlet; some wards have none at all). Returns the teams."""
    rng = run.rng
    # Drawn before the hamlets: the order of draws is what makes a seed reproducible.
    teamless = {w.pk for w in wards if rng.random() < NO_TEAM_WARD_SHARE}
    if not teamless and len(wards) > 1:
        teamless = {wards[-1].pk}
    hamlets = []
    for ward in wards:
        count = rng.randint(20, 40)
        kind = _hamlet_kind(rng, ward.ward_type, province.code)
        for position, name in enumerate(_hamlet_names(rng, kind, count, province.code)):
            hamlets.append(
                Hamlet(
                    ward_id=ward.pk,
                    name=name,
                    kind=kind,
                    code=f"{ward.code}{position + 1:03d}",
                    is_active=True,
                    valid_from=datetime.date(2025, 7, 1),
                )
            )
    run.writer.create(hamlets)
    return _add_teams(run, wards, hamlets, teamless)


def _add_teams(run, wards, hamlets, teamless):
    rng = run.rng
    kind_labels = {value: str(label) for value, label in HamletKind.choices}
    ward_by_id = {w.pk: w for w in wards}
    teams = []
    for hamlet in hamlets:
        if hamlet.ward_id in teamless or rng.random() >= TEAM_IN_HAMLET_SHARE:
            continue
        ward = ward_by_id[hamlet.ward_id]
        decided = random_day(rng, datetime.date(2025, 3, 1), datetime.date(2025, 10, 31))
        teams.append(
            CommunityTeam(
                level="hamlet",
                ward_id=ward.pk,
                hamlet_id=hamlet.pk,
                name=f"Tổ công nghệ số cộng đồng {kind_labels[hamlet.kind]} {hamlet.name}",
                decision_number=f"{rng.randint(10, 999)}/QĐ-UBND",
                decision_date=decided,
                decision_body=f"UBND {ward.name}",
                founded_on=decided,
                status="active",
                monthly_stipend=rng.choice([None, 300000, 500000, 700000]),
            )
        )
    return run.writer.create(teams)
