import pytest

from tests.factories.teams import ProvinceFactory, WardFactory


def small_units():
    """Cần Thơ with six wards, enough for the small preset (four wards) without loading all
    3,321 real units: the generator only reads province and ward codes, names and types."""
    province = ProvinceFactory(code="92", name="Thành phố Cần Thơ", short_name="Cần Thơ")
    for n, ward_type in enumerate(["phuong", "phuong", "xa", "xa", "xa", "phuong"]):
        label = "Phường" if ward_type == "phuong" else "Xã"
        WardFactory(
            code=f"{31100 + n:05d}",
            province=province,
            name=f"{label} Thử {n + 1}",
            short_name=f"Thử {n + 1}",
            ward_type=ward_type,
        )
    return province


@pytest.fixture
def scale_units(db, site_pages):
    return small_units()
