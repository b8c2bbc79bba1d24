"""Certificates for completed courses, numbered as the real issuer numbers them.

Numbers continue the ``CertificateCounter`` of the issuing body and year; the counters are moved
past the last number used here, so certificates issued later through the services never collide
with scale ones.
"""

import datetime

from django.db.models import Max

from certificates.models import Certificate, CertificateCounter, CertificateTemplate
from certificates.numbering import add_months, format_number

from .presets import CERTIFICATE_KEY, LAST_DAY


def certificate_template():
    return CertificateTemplate.objects.get_or_create(
        number_suffix=CERTIFICATE_KEY,
        defaults={
            "name": "Mẫu giấy chứng nhận của Cục Chuyển đổi số quốc gia",
            "issuing_body_upper": "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
            "issuing_body": "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA",
            "place_name": "Hà Nội",
            "signer_name": "Lê Minh Quang",
            "signer_title": "Cục trưởng",
            "validity_months": 36,
        },
    )[0]


def next_sequences(key):
    """The first free number per year for ``key``: after both the counter and any number
    already used (so a counter that lagged behind is never trusted blindly)."""
    start = {}
    for year in (2025, 2026):
        counter = CertificateCounter.objects.filter(issuing_body_key=key, year=year).first()
        used = Certificate.objects.filter(issuing_body_key=key, year=year).aggregate(
            m=Max("sequence")
        )["m"]
        start[year] = max(counter.last_sequence if counter else 0, used or 0) + 1
    return start


def advance_counters(key, next_sequence):
    for year, following in next_sequence.items():
        counter, _created = CertificateCounter.objects.select_for_update().get_or_create(
            issuing_body_key=key, year=year, defaults={"last_sequence": 0}
        )
        if counter.last_sequence < following - 1:
            counter.last_sequence = following - 1
            counter.save(update_fields=["last_sequence"])


def add_certificate(run, *, member, team, ward, course, session, completed_on):
    """A valid certificate issued within 20 days of ``completed_on``, with the holder's and the
    course's details copied in, as on a printed certificate."""
    template = run.template
    issued_on = min(completed_on + datetime.timedelta(days=run.rng.randint(0, 20)), LAST_DAY)
    sequence = run.next_sequence[issued_on.year]
    run.next_sequence[issued_on.year] = sequence + 1
    months = template.validity_months
    run.writer.add(
        Certificate(
            number=format_number(sequence, issued_on.year, CERTIFICATE_KEY),
            issuing_body_key=CERTIFICATE_KEY,
            year=issued_on.year,
            sequence=sequence,
            holder_id=member.pk,
            course_id=course.pk,
            session_id=session.pk if session else None,
            template_id=template.pk,
            issued_on=issued_on,
            expires_on=add_months(issued_on, months) if months else None,
            status="valid",
            holder_name=member.full_name,
            holder_birth_date=member.date_of_birth,
            holder_team_name=team.name,
            holder_ward_name=ward.name,
            course_title=course.title,
            course_code=course.code,
            course_hours=course.estimated_hours,
            issuing_body_upper=template.issuing_body_upper,
            issuing_body_name=template.issuing_body,
        )
    )
