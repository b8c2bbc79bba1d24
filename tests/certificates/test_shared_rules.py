"""The rules other modules share with certificates, each in one place: a certificate valid on a
day, the number format, the official date line."""

import datetime

import pytest
from django.utils import timezone, translation

from certificates.models import Certificate, valid_on_q
from certificates.numbering import format_number
from certificates.pdf import certificate_facts, pdf_context, sample_facts
from certificates.services import certificate_issue, certificate_revoke
from lms.core.dates import official_date_line
from lms.reports.exports import ExportMeta
from teams.models import Member
from tests.factories.accounts import AdminFactory

DAY = datetime.date(2026, 2, 5)


def test_official_date_line_has_two_digit_day_and_month():
    assert official_date_line("Cần Thơ", DAY) == "Cần Thơ, ngày 05 tháng 02 năm 2026"
    assert official_date_line("", DAY) == "……………, ngày 05 tháng 02 năm 2026"


def test_report_and_certificate_print_the_same_line(template):
    meta = ExportMeta(title="", unit="", period="", generated_on=DAY, place="Cần Thơ")
    facts = sample_facts(template)
    assert meta.place_date_line == official_date_line("Cần Thơ", DAY)
    assert pdf_context(template, facts)["date_line"] == official_date_line(
        template.place_name, facts.issued_on
    )


def test_a_certificate_stays_in_vietnamese_for_an_english_reader(template):
    facts = sample_facts(template)
    with translation.override("en"):
        line = pdf_context(template, facts)["date_line"]
    assert line.startswith(f"{template.place_name}, ngày ")


def test_number_format_is_the_one_issuing_and_the_preview_use(template, completed, course):
    certificate = certificate_issue(member=completed, course=course, by=AdminFactory())
    assert certificate.number == format_number(1, certificate.year, "GCN-SKHCN")
    assert certificate_facts(certificate).number == certificate.number
    assert sample_facts(template).number == format_number(1, timezone.localdate().year, "GCN-SKHCN")
    assert format_number(7, 2026, "GCN-X") == "0007/2026/GCN-X"


@pytest.fixture
def issued(completed, course):
    return certificate_issue(member=completed, course=course, by=AdminFactory())


def valid_numbers(day):
    return list(Certificate.objects.valid_on(day).values_list("number", flat=True))


def test_valid_on_counts_the_first_and_the_last_day(issued):
    Certificate.objects.filter(pk=issued.pk).update(issued_on=DAY, expires_on=DAY.replace(day=28))
    assert valid_numbers(DAY - datetime.timedelta(days=1)) == []
    assert valid_numbers(DAY) == [issued.number]
    assert valid_numbers(DAY.replace(day=28)) == [issued.number]
    assert valid_numbers(DAY.replace(month=3, day=1)) == []


def test_valid_on_without_expiry_and_after_revocation(issued):
    Certificate.objects.filter(pk=issued.pk).update(issued_on=DAY, expires_on=None)
    assert valid_numbers(datetime.date(2040, 1, 1)) == [issued.number]
    certificate_revoke(certificate=issued, by=AdminFactory(), reason="Cấp nhầm")
    assert valid_numbers(datetime.date(2040, 1, 1)) == []


def test_valid_on_q_reaches_certificates_from_another_model(issued):
    Certificate.objects.filter(pk=issued.pk).update(issued_on=DAY, expires_on=None)
    holders = Member.objects.filter(valid_on_q(DAY, prefix="certificates__"))
    assert list(holders) == [issued.holder]
    assert not Member.objects.filter(valid_on_q(DAY - datetime.timedelta(days=1), "certificates__"))
