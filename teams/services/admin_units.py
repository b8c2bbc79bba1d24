"""Loading the administrative units (current and pre-2025) from the offline dataset."""

from django.db import transaction

from lms.core.text import fold

from ..admin_units import (
    WARD_TYPES,
    converter_tables,
    current_keys,
    current_units,
    legacy_key,
    legacy_units,
)
from ..choices import LegacyDistrictType, LegacyWardType
from ..fields import refresh_search_keys
from ..models import (
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    LegacyWardMapping,
    Province,
    Ward,
)

LEGACY_DISTRICT_TYPES = {
    "Huyện": LegacyDistrictType.HUYEN,
    "Quận": LegacyDistrictType.QUAN,
    "Thị xã": LegacyDistrictType.THI_XA,
    "Thành phố": LegacyDistrictType.THANH_PHO,
}
LEGACY_WARD_TYPES = {
    "Xã": LegacyWardType.XA,
    "Phường": LegacyWardType.PHUONG,
    "Thị trấn": LegacyWardType.THI_TRAN,
    None: "",
}


@transaction.atomic
def admin_units_load():
    """Create or update the current provinces and wards from the offline dataset.

    Idempotent: codes are natural keys, so a second run updates names in place and creates
    nothing. Returns ``(provinces_created, wards_created)``.
    """
    rows = current_units()
    provinces = {p.code: p for p in Province.objects.all()}
    province_created = 0
    for row in rows:
        code = row["provinceCode"]
        if code in provinces:
            continue
        provinces[code] = Province(code=code)
        province_created += 1
    for row in rows:
        p = provinces[row["provinceCode"]]
        p.name, p.short_name = row["province"], row["provinceShort"]
        p.latitude, p.longitude = row["provinceLat"], row["provinceLon"]
    new_provinces = [p for p in provinces.values() if p.pk is None]
    Province.objects.bulk_create(new_provinces)
    existing = [p for p in provinces.values() if p not in new_provinces]
    refresh_search_keys(existing)
    Province.objects.bulk_update(
        existing, ["name", "short_name", "latitude", "longitude", "search_key"]
    )
    province_ids = dict(Province.objects.values_list("code", "id"))

    wards = {w.code: w for w in Ward.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        ward = wards.get(row["wardCode"])
        if ward is None:
            ward = Ward(code=row["wardCode"])
            to_create.append(ward)
        else:
            to_update.append(ward)
        ward.province_id = province_ids[row["provinceCode"]]
        ward.name, ward.short_name = row["ward"], row["wardShort"]
        ward.ward_type = WARD_TYPES[row["wardType"]]
        ward.latitude, ward.longitude = row["wardLat"], row["wardLon"]
        ward.area_km2 = row["wardAreaKm2"]
    Ward.objects.bulk_create(to_create, batch_size=500)
    refresh_search_keys(to_update)
    Ward.objects.bulk_update(
        to_update,
        [
            "province_id",
            "name",
            "short_name",
            "ward_type",
            "latitude",
            "longitude",
            "area_km2",
            "search_key",
        ],
        batch_size=500,
    )
    return province_created, len(to_create)


def _upsert(model, key_field, wanted, fields):
    """Create the missing rows of ``wanted`` ({key: {field: value}}) and update the others in
    bulk; returns {key: instance} and the number created."""
    existing = {getattr(obj, key_field): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            obj = model(**{key_field: key}, **values)
            to_create.append(obj)
            existing[key] = obj
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=1000)
    return existing, len(to_create)


def _legacy_provinces_districts_wanted(
    rows, *, new_province_key, province_codes_by_key, province_ids
):
    """Field values of the old provinces and districts, by code, from the dataset rows."""
    wanted_provinces, wanted_districts = {}, {}
    for row in rows:
        successor_code = province_codes_by_key[new_province_key[row["provinceKey"]]]
        wanted_provinces[row["provinceCode"]] = {
            "name": row["province"],
            "short_name": row["provinceShort"],
            "name_key": fold(row["provinceShort"]),
            "successor_id": province_ids[successor_code],
        }
        wanted_districts[row["districtCode"]] = {
            "name": row["district"],
            "short_name": row["districtShort"],
            "district_type": LEGACY_DISTRICT_TYPES[row["districtType"]],
            "name_key": fold(row["districtShort"]),
        }
    return wanted_provinces, wanted_districts


def _legacy_districts_upsert(rows, *, wanted_districts, provinces):
    """Upsert the old districts under their (already saved) old provinces."""
    district_province = {r["districtCode"]: provinces[r["provinceCode"]].pk for r in rows}
    for code, values in wanted_districts.items():
        values["province_id"] = district_province[code]
    return _upsert(
        LegacyDistrict,
        "code",
        wanted_districts,
        ["name", "short_name", "district_type", "name_key", "province_id"],
    )


def _legacy_wards_upsert(rows, *, districts, provinces):
    """Upsert the old wards, keyed by ``legacy_key`` (an island district counts as one ward)."""
    wanted_wards = {}
    for row in rows:
        island = row["ward"] is None  # an island district without communes
        wanted_wards[legacy_key(row)] = {
            "code": row["wardCode"] or "",
            "name": row["district"] if island else row["ward"],
            "short_name": row["districtShort"] if island else row["wardShort"],
            "ward_type": LEGACY_WARD_TYPES[row["wardType"]],
            "name_key": fold(row["districtShort"] if island else row["wardShort"]),
            "district_id": districts[row["districtCode"]].pk,
            "province_id": provinces[row["provinceCode"]].pk,
        }
    return _upsert(
        LegacyWard,
        "key",
        wanted_wards,
        ["code", "name", "short_name", "ward_type", "name_key", "district_id", "province_id"],
    )


def _legacy_mappings_wanted(tables, *, wards, ward_ids, ward_codes_by_key):
    """``(legacy ward id, new ward id) -> (is_partial, is_default)`` from the conversion tables."""
    wanted = {}
    for new_pkey, new_wards in tables["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in new_wards.items():
            new_id = ward_ids[ward_codes_by_key[(new_pkey, new_wkey)]]
            for old_key in old_keys:
                wanted[(wards[old_key].pk, new_id)] = (False, True)
    for new_pkey, old_wards in tables["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in old_wards.items():
            for target in targets:
                new_id = ward_ids[ward_codes_by_key[(new_pkey, target["newWardKey"])]]
                wanted[(wards[old_key].pk, new_id)] = (True, bool(target["isDefaultNewWard"]))
    return wanted


def _legacy_mappings_sync(wanted):
    """Make the mapping rows match ``wanted`` pair by pair; returns how many were created."""
    existing = {(m.legacy_ward_id, m.ward_id): m for m in LegacyWardMapping.objects.all()}
    stale = [m.pk for pair, m in existing.items() if pair not in wanted]
    changed = [
        m
        for pair, m in existing.items()
        if pair in wanted and (m.is_partial, m.is_default) != wanted[pair]
    ]
    # Delete stale and changed rows first so the "one default" constraint never sees two.
    LegacyWardMapping.objects.filter(pk__in=stale + [m.pk for m in changed]).delete()
    to_create = [
        LegacyWardMapping(legacy_ward_id=lw, ward_id=w, is_partial=partial, is_default=default)
        for (lw, w), (partial, default) in wanted.items()
        if (lw, w) not in existing or existing[(lw, w)] in changed
    ]
    LegacyWardMapping.objects.bulk_create(to_create, batch_size=1000)
    return len(to_create)


@transaction.atomic
def legacy_units_load():
    """Load the 63 provinces, 696 districts and 10,040 wards in force before 1 July 2025, and
    the explicit old -> new ward mapping derived from the package's conversion tables
    (``DICT_PROVINCE_WARD_NO_DIVIDED``: whole wards; ``DICT_PROVINCE_WARD_DIVIDED``: split
    wards, one of them marked default).

    Needs the current units (``admin_units_load``) first. Idempotent: natural keys are codes
    (the dataset key for wards), mappings are compared pair by pair, stale pairs removed.
    Returns a dict of counts created.
    """
    rows = legacy_units()
    tables = converter_tables()
    province_codes_by_key, ward_codes_by_key = current_keys()
    new_province_key = {old: new for new, olds in tables["DICT_PROVINCE"].items() for old in olds}
    province_ids = dict(Province.objects.values_list("code", "id"))
    ward_ids = dict(Ward.objects.values_list("code", "id"))
    if not ward_ids:
        raise ValueError("Chưa nạp xã, phường hiện nay: chạy admin_units_load trước.")

    wanted_provinces, wanted_districts = _legacy_provinces_districts_wanted(
        rows,
        new_province_key=new_province_key,
        province_codes_by_key=province_codes_by_key,
        province_ids=province_ids,
    )
    provinces, provinces_created = _upsert(
        LegacyProvince, "code", wanted_provinces, ["name", "short_name", "name_key", "successor_id"]
    )
    districts, districts_created = _legacy_districts_upsert(
        rows, wanted_districts=wanted_districts, provinces=provinces
    )
    wards, wards_created = _legacy_wards_upsert(rows, districts=districts, provinces=provinces)
    wanted = _legacy_mappings_wanted(
        tables, wards=wards, ward_ids=ward_ids, ward_codes_by_key=ward_codes_by_key
    )
    mappings_created = _legacy_mappings_sync(wanted)
    return {
        "provinces": provinces_created,
        "districts": districts_created,
        "wards": wards_created,
        "mappings": mappings_created,
    }
