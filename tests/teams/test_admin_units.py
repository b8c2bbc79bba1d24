"""The real dataset: counts, idempotency and old -> new resolution. One test loads it (the
load is the slow part), and checks everything that needs it."""

from django.core.management import call_command

from teams.models import (
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    LegacyWardMapping,
    Province,
    Ward,
)
from teams.selectors import address_resolve


def test_load_counts_idempotency_and_legacy_resolution(db, capsys):
    call_command("load_admin_units", "--legacy")
    counts = (
        Province.objects.count(),
        Ward.objects.count(),
        LegacyProvince.objects.count(),
        LegacyDistrict.objects.count(),
        LegacyWard.objects.count(),
        LegacyWardMapping.objects.count(),
    )
    assert counts[:5] == (34, 3321, 63, 696, 10040)
    # Every old ward maps somewhere, with exactly one default target.
    assert LegacyWardMapping.objects.filter(is_default=True).count() == 10040
    assert not LegacyWard.objects.filter(mappings__isnull=True).exists()
    split = LegacyWardMapping.objects.filter(is_partial=True)
    assert split.values("legacy_ward").distinct().count() == 471

    capsys.readouterr()
    call_command("load_admin_units", "--legacy")
    out = capsys.readouterr().out
    assert "thêm mới 0 tỉnh và 0 xã" in out
    assert "thêm mới 0 tỉnh, 0 huyện, 0 xã, 0 dòng chuyển đổi" in out
    assert (
        Province.objects.count(),
        Ward.objects.count(),
        LegacyProvince.objects.count(),
        LegacyDistrict.objects.count(),
        LegacyWard.objects.count(),
        LegacyWardMapping.objects.count(),
    ) == counts

    # A whole old ward: resolves to today's ward, with a note that the name is old.
    old = address_resolve("xã Vị Tân, thành phố Vị Thanh, tỉnh Hậu Giang")
    assert old.ward.code == "31333" and old.ward.province.code == "92"
    assert not old.is_partial and "trước 01/07/2025" in old.warning

    # Today's name resolves silently, accents optional.
    assert address_resolve("vi tan, can tho").ward.code == "31333"
    assert address_resolve("Phường Vị Tân, Thành phố Cần Thơ").warning == ""

    # A split ward: the default target, a warning naming every target.
    split_ward = address_resolve("xã Tân Thạnh, huyện Thới Lai, thành phố Cần Thơ")
    assert split_ward.is_partial and len(split_ward.candidates) == 2
    default = LegacyWardMapping.objects.get(legacy_ward=split_ward.legacy_ward, is_default=True)
    assert split_ward.ward == default.ward
    for ward in split_ward.candidates:
        assert ward.name in split_ward.warning

    # Ambiguous without the old district: an error, never a silent pick.
    ambiguous = address_resolve("Phường 1, Quảng Trị")
    assert ambiguous.ward is None and "huyện" in ambiguous.error
    assert address_resolve("Phường 1, Thành phố Đông Hà, Quảng Trị").ok
