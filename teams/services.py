"""Write flows of the teams registry."""

from django.db import transaction

from .admin_units import WARD_TYPES, current_units
from .models import Province, Ward


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
    Province.objects.bulk_update(
        [p for p in provinces.values() if p not in new_provinces],
        ["name", "short_name", "latitude", "longitude"],
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
    Ward.objects.bulk_update(
        to_update,
        ["province_id", "name", "short_name", "ward_type", "latitude", "longitude", "area_km2"],
        batch_size=500,
    )
    return province_created, len(to_create)
