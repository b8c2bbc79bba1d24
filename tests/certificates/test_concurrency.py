"""Numbering under concurrent issuing, on PostgreSQL (real row locks, real parallel
transactions). SQLite serialises writers, so these are skipped there.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_certs \
     .venv/bin/python -m pytest tests/certificates -m postgres
"""

import threading

import pytest
from django.db import connection

from certificates.models import Certificate, CertificateCounter
from certificates.services import certificate_issue, certificates_bulk_issue
from tests.factories.accounts import AdminFactory
from tests.factories.courses import course_page
from tests.factories.teams import MemberFactory

from .conftest import complete

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]


@pytest.fixture
def wagtail_root(transactional_db):
    """Transactional tests empty every table afterwards, including the page tree root that
    Wagtail's migrations create; put it back so ``site_pages`` can build the home page."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


def run_in_threads(functions):
    """Start every function at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), []

    def runner(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def gapless(queryset):
    sequences = sorted(queryset.values_list("sequence", flat=True))
    return sequences == list(range(1, len(sequences) + 1))


class ConcurrentNumberingTests:
    def test_parallel_issues_get_distinct_consecutive_numbers(self, course, ward):
        admin = AdminFactory()
        members = [MemberFactory(ward=ward) for _ in range(10)]
        for m in members:
            complete(m, course)
        results = run_in_threads(
            [
                (lambda m=m: certificate_issue(member=m, course=course, by=admin).number)
                for m in members
            ]
        )
        assert len(set(results)) == 10
        assert gapless(Certificate.objects.all())
        assert CertificateCounter.objects.get().last_sequence == 10

    def test_parallel_issues_for_the_same_person_give_one_certificate(self, course, completed):
        admin = AdminFactory()
        results = run_in_threads(
            [
                (lambda: certificate_issue(member=completed, course=course, by=admin).pk)
                for _ in range(6)
            ]
        )
        assert len(set(results)) == 1
        assert Certificate.objects.count() == 1
        # The losers' numbers went back with their savepoints.
        assert CertificateCounter.objects.get().last_sequence == 1

    def test_bulk_and_single_issues_interleave_without_gaps(self, site_pages, template, ward):
        admin = AdminFactory()
        course_a = course_page(certificate_template=template)
        course_b = course_page(certificate_template=template)  # same issuing body
        for _ in range(40):
            complete(MemberFactory(ward=ward), course_a)
        singles = [MemberFactory(ward=ward) for _ in range(5)]
        for m in singles:
            complete(m, course_b)
        run_in_threads(
            [
                lambda: certificates_bulk_issue(course=course_a, by=admin),
                *[
                    (lambda m=m: certificate_issue(member=m, course=course_b, by=admin))
                    for m in singles
                ],
            ]
        )
        assert Certificate.objects.count() == 45
        assert gapless(Certificate.objects.all())
