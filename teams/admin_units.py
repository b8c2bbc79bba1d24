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
