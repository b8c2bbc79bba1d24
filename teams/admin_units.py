"""Reading the offline administrative-unit dataset shipped by ``vietnamadminunits``."""

import sqlite3
from importlib import resources

from .choices import WardType

WARD_TYPES = {"Xã": WardType.XA, "Phường": WardType.PHUONG, "Đặc khu": WardType.DAC_KHU}


def dataset_path():
    return resources.files("vietnamadminunits") / "data" / "dataset.db"


def read_rows(query, params=()):
    with resources.as_file(dataset_path()) as path:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in connection.execute(query, params)]
        finally:
            connection.close()


def current_units():
    """The 34 provinces and 3,321 commune-level units in force since 1 July 2025."""
    return read_rows(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, "
        "ward, wardShort, wardType, wardCode, wardLat, wardLon, wardAreaKm2 "
        "FROM admin_units ORDER BY provinceCode, wardCode"
    )


def legacy_units():
    """The 63 provinces, 696 districts and 10,040 commune-level rows in force before 2025."""
    return read_rows(
        "SELECT province, provinceShort, provinceCode, provinceKey, "
        "district, districtShort, districtType, districtCode, districtKey, "
        "ward, wardShort, wardType, wardCode, wardKey "
        "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    )


def current_keys():
    """The converter's tables name units by key; these give the codes behind the keys:
    ``({province key: province code}, {(province key, ward key): ward code})``."""
    rows = read_rows("SELECT provinceKey, provinceCode, wardKey, wardCode FROM admin_units")
    provinces = {row["provinceKey"]: row["provinceCode"] for row in rows}
    wards = {(row["provinceKey"], row["wardKey"]): row["wardCode"] for row in rows}
    return provinces, wards


def converter_tables():
    """The package's 2025 conversion tables (see ``vietnamadminunits/converter``)."""
    import json

    with resources.as_file(
        resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    ) as p:
        return json.loads(p.read_text(encoding="utf-8"))


def legacy_key(row):
    """The converter's key of an old ward: "<province>_<district>_<ward>" (ward empty for the
    five island districts that had no communes)."""
    return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
