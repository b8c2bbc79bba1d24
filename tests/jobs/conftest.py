"""The small Cần Thơ of the teams tests (two wards of one province, one ward of Hà Nội) and
its users; every test here queues its work (``LMS_JOBS_QUEUE``), as production does."""

import pytest

from tests.certificates.conftest import (  # noqa: F401  (fixtures)
    _public_base_url,
    admin,
    course,
    template,
    ward,
)
from tests.teams.conftest import area, users  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _queue(settings):
    settings.LMS_JOBS_QUEUE = True
