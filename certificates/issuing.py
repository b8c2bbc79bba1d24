"""What every issue shares (one certificate, a reissue, a bulk batch): the course's template,
the expiry, the holder's snapshot and the unsaved row. Used by ``services`` and ``jobs`` only;
saving, numbering and the transaction are theirs."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teams.models import Member

from .choices import CertificateStatus
from .models import Certificate
from .numbering import add_months, format_number
from .selectors import active_team_name_subquery


def template_for(course):
    template = course.certificate_template
    if template is None:
        raise ValidationError(
            _("Khóa học “%(course)s” chưa được gắn mẫu giấy chứng nhận.") % {"course": course.title}
        )
    return template


def expiry_for(template, issued_on):
    return add_months(issued_on, template.validity_months) if template.validity_months else None


def gender_snapshot(gender):
    """What a certificate keeps of the gender: "male" or "female" (it says "Ông" or "Bà"),
    otherwise nothing (it says "Ông/Bà")."""
    return gender if gender in ("male", "female") else ""


def member_snapshot(member):
    """Holder facts as they stand now, in one query (the team comes from a subquery)."""
    row = (
        Member.objects.filter(pk=member.pk)
        .annotate(team_name=active_team_name_subquery("pk"))
        .values("full_name", "date_of_birth", "gender", "ward__name", "team_name")
        .get()
    )
    return {
        "holder_name": row["full_name"],
        "holder_birth_date": row["date_of_birth"],
        "holder_gender": gender_snapshot(row["gender"]),
        "holder_ward_name": row["ward__name"] or "",
        "holder_team_name": row["team_name"] or "",
    }


def new_certificate(
    *, holder_id, snapshot, course, template, session, issued_on, by, key, sequence, job=None
):
    """An unsaved certificate stating what is true now: the number, the template's issuing
    body and the course as they stand (the snapshot a certificate keeps for good)."""
    return Certificate(
        number=format_number(sequence, issued_on.year, key),
        issuing_body_key=key,
        year=issued_on.year,
        sequence=sequence,
        holder_id=holder_id,
        course=course,
        session=session,
        template=template,
        issued_on=issued_on,
        expires_on=expiry_for(template, issued_on),
        status=CertificateStatus.VALID,
        issued_by=by,
        bulk_job=job,
        course_title=course.title,
        course_code=course.code or "",
        course_hours=course.estimated_hours,
        issuing_body_upper=template.issuing_body_upper,
        issuing_body_name=template.issuing_body,
        **snapshot,
    )
