import pytest
from django.core.management import call_command


@pytest.fixture
def admin_units(db):
    """The real 34 provinces and 3,321 wards (loaded from the offline dataset)."""
    call_command("load_admin_units", verbosity=0)


@pytest.fixture
def site_pages(db):
    """Home page, news section and the about page, as the demo loader makes them."""
    from lms.demo import seed_site

    return seed_site()


@pytest.fixture(autouse=True)
def _reset_axes_and_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
