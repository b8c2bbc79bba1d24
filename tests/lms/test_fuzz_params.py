"""A deterministic fuzz of the public and report URL parameters: no hostile value answers 500.

A fixed seed picks a few hundred requests (URL, parameters, hostile values) from the lists
below, on top of the cases the security review found; every answer must be below 500. The
summary printed at the end (run with ``-s``) counts the answers per class of value.
PostgreSQL refuses NUL bytes in text and numbers beyond ``bigint`` where SQLite does not:
``DATABASE_URL=postgres://… pytest tests/lms/test_fuzz_params.py`` runs the same cases there.
"""

import random
import sys
from collections import Counter, defaultdict
from urllib.parse import quote

import pytest
from django.test import Client

from lms.reports.filters import CoverageFilterSet, ReportFilterSet
from tests.factories.accounts import AdminFactory
from tests.factories.courses import course_page
from tests.factories.teams import HamletFactory, ProvinceFactory, TeamFactory, WardFactory

SEED = 20260915
RANDOM_CASES = 320

# (class, value): what the value stands for, to count the answers per class.
HOSTILE = [
    ("nul", "\x00"),
    ("nul", "abc\x00def"),
    ("quote", '"'),
    ("quote", "'"),
    ("quote", '"dịch vụ'),
    ("quote", "' OR 1=1 --"),
    ("fts", "a AND OR NOT"),
    ("fts", "*"),
    ("fts", "(((("),
    ("fts", "NEAR(a b)"),
    ("huge int", "99999999999999999999"),
    ("huge int", "9" * 400),
    ("huge int", "1" * 5000),
    ("negative", "-1"),
    ("negative", "-99999999999999999999"),
    ("number-ish", "0"),
    ("number-ish", "1e309"),
    ("number-ish", "NaN"),
    ("number-ish", "0x1F"),
    ("unicode", "Đắk Lắk"),
    ("unicode", "١٢٣"),
    ("unicode", "１２３"),
    ("unicode", "😀"),
    ("unicode", "\u202egnp.exe"),
    ("unicode", "\ufeff"),
    ("unicode", "\ud800"),  # a lone surrogate: the client sends it percent-encoded as '?'
    ("long", "a" * 10_000),
    ("long", "Đ" * 10_000),
    ("markup", "<script>alert(1)</script>"),
    ("markup", "{{ 7*7 }}"),
    ("path", "../../etc/passwd"),
    ("path", "%2e%2e%2f"),
    ("control", "\r\nSet-Cookie: x=1"),
    ("control", "\t\x0b\x1b"),
    ("empty", ""),
    ("empty", " "),
    ("list", "[]"),
    ("list", "a,b,c"),
    ("date", "2026-02-30"),
    ("date", "30/02/2026"),
    ("date", "01/01/0001"),
    ("date", "31/12/9999"),
    ("date", "0000-00-00"),
    ("period", "0000"),
    ("period", "9999"),
    ("period", "2026-q9"),
    ("period", "2026-m0"),
    ("period", "garbage"),
]

PUBLIC = {
    "/hoc/tim-kiem/": ["q"],
    "/chung-nhan/tra-cuu/": ["q", "format"],
    "/to-cong-nghe/tim-to/": ["province", "ward", "hamlet"],
    "/hoc/": ["page", "topic", "q"],
    "/": ["page"],
}
REPORT_PARAMS = [*CoverageFilterSet.Meta.fields, "by", "export"]
BASE_PARAMS = ReportFilterSet.Meta.fields
REPORTS = {
    **{f"/bao-cao/api/{kind}.json": REPORT_PARAMS for kind in ("coverage", "attendance")},
    **{f"/bao-cao/api/{kind}.json": BASE_PARAMS for kind in ("staffing", "activity")},
    "/bao-cao/api/xa-phuong.json": ["province"],
    "/admin/bao-cao/coverage/": [*CoverageFilterSet.Meta.fields],
    "/admin/bao-cao/attendance/results/": [*BASE_PARAMS, "by"],
}
# Hostile values in the path itself.
PATHS = ["/chung-nhan/tra-cuu/{}/", "/bao-cao/api/{}.json"]
# Raw query strings the client would otherwise encode: broken percent-encodings, repeats.
RAW = [
    "/hoc/tim-kiem/?q=%ff%fe",
    "/hoc/tim-kiem/?q=%",
    "/hoc/tim-kiem/?q=%zz",
    "/hoc/tim-kiem/?q=%22",
    "/hoc/tim-kiem/?q=%00",
    "/chung-nhan/tra-cuu/%00/",
    "/chung-nhan/tra-cuu/?q=%00",
    "/bao-cao/api/coverage.json?period=0000",
    "/bao-cao/api/coverage.json?period=9999",
    "/bao-cao/api/coverage.json?date_from=01/01/0001",
    "/bao-cao/api/coverage.json?course=99999999999999999999",
    "/bao-cao/api/coverage.json?period=2026&period=2025&period=%00",
    "/bao-cao/api/coverage.json?date_from=20/08/2026&date_to=15/08/2026",
    "/bao-cao/api/coverage.json?province=%00",
    "/bao-cao/api/coverage.json?ward=%ff",
    "/admin/bao-cao/coverage/?date_from=31/12/2026&date_to=01/01/2026",
    "/admin/bao-cao/coverage/?course=99999999999999999999&export=xlsx",
    "/to-cong-nghe/tim-to/?province=%00&ward=99999999999999999999",
]


def _cases():
    rng = random.Random(SEED)
    cases = [("raw", url) for url in RAW]
    for cls, value in HOSTILE:
        for pattern in PATHS:
            cases.append((cls, pattern.format(quote(value.encode("utf-8", "replace"), safe=""))))
    targets = [(url, params, False) for url, params in PUBLIC.items()]
    targets += [(url, params, True) for url, params in REPORTS.items()]
    for _ in range(RANDOM_CASES):
        url, params, _staff = rng.choice(targets)
        chosen = rng.sample(params, k=min(len(params), rng.randint(1, 3)))
        query = {}
        classes = []
        for name in chosen:
            cls, value = rng.choice(HOSTILE)
            query[name] = value
            classes.append(cls)
        cases.append(("+".join(sorted(set(classes))), (url, query)))
    return cases


@pytest.fixture
def world(db, site_pages):
    province = ProvinceFactory(code="92")
    ward = WardFactory(code="31333", province=province)
    TeamFactory(hamlet=HamletFactory(ward=ward))
    course = course_page(title="Dịch vụ công trực tuyến")
    course.save_revision().publish()
    return province


def _get(client, case):
    if isinstance(case, str):
        return client.get(case)
    url, query = case
    return client.get(url, {k: v.encode("utf-8", "replace") for k, v in query.items()})


def test_no_hostile_parameter_answers_500(world):
    anonymous = Client(raise_request_exception=False)
    admin = Client(raise_request_exception=False)
    admin.force_login(AdminFactory())
    answers = defaultdict(Counter)
    failures = []
    cases = _cases()
    for cls, case in cases:
        url = case if isinstance(case, str) else case[0]
        client = admin if "bao-cao" in url else anonymous
        response = _get(client, case)
        answers[cls.split("+")[0]][response.status_code] += 1
        if response.status_code >= 500:
            failures.append((cls, case if isinstance(case, str) else (url, list(case[1]))))
    sys.stdout.write(f"\n{len(cases)} hostile requests (seed {SEED}):\n")
    for cls in sorted(answers):
        sys.stdout.write(f"  {cls:12} {dict(sorted(answers[cls].items()))}\n")
    assert len(cases) >= 300
    assert failures == []


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "9" * 5000])
def test_id_filter_refuses_ids_no_column_holds(world, value):
    """``lms.core.filters.ModelChoiceFilter``: a course (a page, whose key is the ``page_ptr``
    relation Django does not range-check) chosen by a 20-digit id is an invalid choice."""
    import django_filters

    from courses.models import CoursePage
    from lms.core.filters import ModelChoiceFilter

    class Courses(django_filters.FilterSet):
        course = ModelChoiceFilter(queryset=CoursePage.objects.all(), field_name="pk")

        class Meta:
            model = CoursePage
            fields = ["course"]

    filters = Courses({"course": value}, queryset=CoursePage.objects.all())
    assert not filters.is_valid()
    assert "course" in filters.form.errors
