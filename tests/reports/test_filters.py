"""Periods and the shared FilterSet: shortcuts, explicit ranges, choices limited to the scope."""

import datetime

import pytest
from django.test import RequestFactory

from lms.reports.filters import CoverageFilterSet, ReportFilterSet
from lms.reports.periods import period_choices, period_parse
from tests.factories.accounts import AdminFactory

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("month", (2026, 11, 1), (2026, 11, 30)),
        ("quarter", (2026, 10, 1), (2026, 12, 31)),
        ("half", (2026, 7, 1), (2026, 12, 31)),
        ("year", (2026, 1, 1), (2026, 12, 31)),
        ("2026-q3", (2026, 7, 1), (2026, 9, 30)),
        ("2024-m2", (2024, 2, 1), (2024, 2, 29)),
        ("2025-h1", (2025, 1, 1), (2025, 6, 30)),
        ("2025", (2025, 1, 1), (2025, 12, 31)),
    ],
)
def test_period_codes(code, start, end):
    period = period_parse(code, today=TODAY)
    assert (period.start, period.end) == (datetime.date(*start), datetime.date(*end))


@pytest.mark.parametrize("code", ["", "2026-q5", "2026-m13", "2026-h3", "last-week", "26"])
def test_invalid_period_codes(code):
    assert period_parse(code, today=TODAY) is None


def test_period_choices_start_with_shortcuts_and_label_dates_day_first():
    codes = [code for code, _label in period_choices(today=TODAY)]
    assert codes[:4] == ["month", "quarter", "half", "year"]
    assert "2025-q4" in codes
    assert period_parse("2026-q3").label == "01/07/2026 – 30/09/2026"


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.django_db
class FilterSetTests:
    def test_choices_limited_to_the_officers_scope(self, dataset, province_officer, ward_officer):
        filters = ReportFilterSet({}, request=request_for(province_officer))
        assert set(filters.filters["province"].queryset.values_list("code", flat=True)) == {"92"}
        assert set(filters.filters["ward"].queryset.values_list("code", flat=True)) == {
            "31333",
            "31321",
        }
        filters = ReportFilterSet({}, request=request_for(ward_officer))
        assert list(filters.filters["ward"].queryset.values_list("code", flat=True)) == ["31333"]

    def test_ward_choices_follow_the_chosen_province(self, dataset):
        filters = ReportFilterSet({"province": "93"}, request=request_for(AdminFactory()))
        assert list(filters.filters["ward"].queryset.values_list("code", flat=True)) == ["31400"]

    def test_params_from_codes_shortcut_and_range(self, dataset):
        admin = AdminFactory()
        params = ReportFilterSet(
            {"ward": "31333", "period": "2026-q3", "team_level": "hamlet", "course": dataset.c1.pk},
            request=request_for(admin),
        ).params()
        assert (params.province_id, params.ward_id) == (dataset.p.pk, dataset.w1.pk)
        assert (params.period.start, params.period.end) == (
            datetime.date(2026, 7, 1),
            datetime.date(2026, 9, 30),
        )
        assert (params.team_level, params.course_id) == ("hamlet", dataset.c1.pk)
        params = ReportFilterSet(
            {"period": "2026-q3", "date_from": "15/08/2026", "date_to": "20/08/2026"},
            request=request_for(admin),
        ).params()
        assert (params.period.start, params.period.end) == (
            datetime.date(2026, 8, 15),
            datetime.date(2026, 8, 20),
        )
        assert params.level == "national"

    def test_any_period_code_is_accepted_from_a_url(self, dataset):
        filters = ReportFilterSet({"period": "2024-m2"}, request=request_for(AdminFactory()))
        assert filters.is_valid()
        assert filters.params().period.end == datetime.date(2024, 2, 29)
        filters = ReportFilterSet({"period": "2024-m13"}, request=request_for(AdminFactory()))
        assert not filters.is_valid()

    def test_out_of_scope_codes_are_reported(self, dataset, province_officer):
        filters = CoverageFilterSet({"province": "93"}, request=request_for(province_officer))
        assert filters.out_of_scope()
        filters = CoverageFilterSet({"gap": "no_team"}, request=request_for(province_officer))
        assert not filters.out_of_scope()
        assert filters.params().gap == "no_team"
        assert filters.params().province_id == dataset.p.pk
