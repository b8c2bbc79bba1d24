import pytest

from lms.api.services import api_token_create
from tests.reports import conftest as reports

# The reports' hand-made data set (provinces 92 and 93), whose figures the API must repeat.
dataset = reports.dataset
province_officer = reports.province_officer
ward_officer = reports.ward_officer
member_user = reports.member_user


@pytest.fixture
def officer_token(province_officer):
    """A token of the officer of province 92 (Cần Thơ), and its secret."""
    return api_token_create(owner=province_officer, name="IOC Cần Thơ")


@pytest.fixture
def auth(officer_token):
    return {"HTTP_AUTHORIZATION": f"Bearer {officer_token[1]}"}
