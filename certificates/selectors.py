"""Reads of certificates: eligibility in bulk, verification lookups, a learner's certificates."""

import functools

from django.db import connections
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from courses.attendance.choices import ATTENDED
from courses.attendance.models import Attendance, TrainingSession
from courses.models import CourseCompletion, CoursePage
from courses.selectors import completion_status
from lms.accounts.scoping import scope_queryset
from lms.core.text import mask_name
from teams.models import Member, Membership

from .choices import CertificateStatus
from .models import Certificate


def active_team_name_subquery(member_ref="pk"):
    """Name of the member's current team (the most recently joined open membership)."""

    return Subquery(
        Membership.objects.filter(member_id=OuterRef(member_ref), left_on__isnull=True)
        .order_by("-joined_on", "-pk")
        .values("team__name")[:1]
    )


def eligible_completions(*, course, session=None, province_id=None, ward_id=None):
    """Members who completed ``course`` and hold no valid certificate for it, with everything
    a certificate snapshots, as one query (a list of dicts).

    ``CourseCompletion`` is the record of completion (``courses.services`` writes it once the
    rules are met), so bulk issuing reads it rather than re-evaluating 10,000 learners one by
    one. With ``session``, only those who attended that session (present or late) qualify.
    Anonymised members are left out: a certificate cannot name nobody.
    """

    qs = CourseCompletion.objects.filter(course=course, member__anonymised_at__isnull=True)
    if ward_id:
        qs = qs.filter(member__ward_id=ward_id)
    elif province_id:
        qs = qs.filter(member__ward__province_id=province_id)
    if session is not None:
        qs = qs.filter(
            Exists(
                Attendance.objects.filter(
                    session=session, member_id=OuterRef("member_id"), status__in=ATTENDED
                )
            )
        )
    qs = qs.exclude(
        Exists(
            Certificate.objects.filter(
                holder_id=OuterRef("member_id"),
                course_id=course.pk,
                status=CertificateStatus.VALID,
            )
        )
    )
    return list(
        qs.annotate(team_name=active_team_name_subquery("member_id"))
        .order_by("member__full_name", "member_id")
        .values(
            "member_id",
            "member__full_name",
            "member__date_of_birth",
            "member__gender",
            "member__ward__name",
            "team_name",
        )
    )


def courses_with_template():
    """The courses a certificate can be issued for (those with a template), by title."""
    return CoursePage.objects.filter(certificate_template__isnull=False).order_by("title")


def sessions_for_issue(user):
    """The course sessions in ``user``'s scope, latest first (to issue for one session)."""
    return scope_queryset(user, TrainingSession.objects.filter(course__isnull=False)).order_by(
        "-starts_at"
    )


def member_by_identifier(*, user, identifier):
    """The member in ``user``'s scope with this phone number or CCCD, or "#<id>"; None when
    there is none."""
    members = scope_queryset(user, Member.objects.select_related("ward"))
    if identifier.startswith("#") and identifier[1:].isdigit():
        return members.filter(pk=int(identifier[1:])).first()
    if not identifier:
        return None
    return members.filter(
        Q(phone=identifier, phone__gt="") | Q(cccd=identifier, cccd__gt="")
    ).first()


def certificate_by_code(code):
    return (
        Certificate.objects.select_related("course", "template", "replaced_by")
        .filter(code=code)
        .first()
    )


def certificate_lookup(query):
    """A certificate by its verification code or its full number ("0001/2026/GCN-SKHCN").

    Only an exact match counts, on the whole number including the issuing body's suffix, so
    the answer for "0001/2026/OTHER" says nothing about "0001/2026/GCN-SKHCN".
    """
    query = (query or "").strip()
    if not query or len(query) > 80:
        return None
    statement = _lookup_statement(connections[Certificate.objects.db].vendor)
    if statement is None:
        return certificates_matching(query).first()
    sql, n_params = statement
    return next(iter(Certificate.objects.raw(sql, [query] * n_params)), None)


_SENTINEL = "\x00lookup\x00"


@functools.cache
def _lookup_statement(vendor):
    """The lookup's SQL, built once per process by the ORM from :func:`certificates_matching`.

    Every citizen who scans a QR code runs this. The statement itself takes 0.3-0.5 ms through
    the indexes; building it again each time took Django 0.5 ms more and the whole call was
    1.5 ms. Kept: (SQL, number of parameters), every one of them the query as typed. Only on
    PostgreSQL, where ``iexact`` is ``UPPER(number) = UPPER(%s)`` on the value itself (SQLite
    escapes it for ``LIKE``): elsewhere, None, and the ORM builds it each time.
    """
    if vendor != "postgresql":
        return None
    qs = certificates_matching(_SENTINEL).order_by("pk")[:1]
    sql, params = qs.query.sql_with_params()
    if not params or any(param != _SENTINEL for param in params):
        return None
    return sql, len(params)


def certificates_matching(query):
    """The certificates whose code is ``query`` or whose number is, in any case. On
    PostgreSQL both sides come from an index: the code's unique index and the
    ``UPPER(number)`` expression index (certificates migration 0005) that ``iexact`` matches."""
    return Certificate.objects.filter(Q(code=query) | Q(number__iexact=query))


def certificates_of_member(member):
    if member is None:
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(holder=member)
        .select_related("course", "replaced_by")
        .order_by("-issued_on", "-pk")
    )


def certificates_visible_to(user):
    """Certificates an officer may see in the admin: their scope."""
    return scope_queryset(user, Certificate.objects.all())


def certificates_for_download(*, user, course=None, session=None):
    qs = certificates_visible_to(user).filter(status=CertificateStatus.VALID)
    if course is not None:
        qs = qs.filter(course=course)
    if session is not None:
        qs = qs.filter(session=session)
    return qs.select_related("template", "course").order_by("year", "sequence")


def certificate_public_facts(certificate, *, verify_url=None):
    """What anyone may learn about a certificate: never the phone, CCCD or date of birth, and
    the holder's name only masked ("Nguyễn T** H*** Nhung")."""
    from django.utils.translation import gettext as _

    status = certificate.public_status
    replaced_by = getattr(certificate, "replaced_by", None)
    if certificate.holder_anonymised:
        holder = None
        holder_label = _("Cấp cho người đã được ẩn danh")
    else:
        holder = mask_name(certificate.holder_name)
        holder_label = holder
    return {
        "number": certificate.number,
        "code": certificate.code,
        "status": status.value,
        "status_label": str(status.label),
        "holder": holder,
        "holder_label": str(holder_label),
        "holder_anonymised": certificate.holder_anonymised,
        "course": certificate.course_title,
        "course_code": certificate.course_code,
        "hours": float(certificate.course_hours) if certificate.course_hours is not None else None,
        "issuing_body": certificate.issuing_body_name,
        "issuing_body_upper": certificate.issuing_body_upper,
        # Dates stay dates: the page formats them dd/mm/yyyy, JSON gets ISO 8601.
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "revoked_on": timezone.localtime(certificate.revoked_at).date()
        if certificate.revoked_at
        else None,
        "revoked_reason": certificate.revoked_reason or None,
        "replaced_by": replaced_by.number if replaced_by else None,
        "replaced_by_url": replaced_by.get_absolute_url() if replaced_by else None,
        "verify_url": verify_url or certificate.get_absolute_url(),
    }


def signature_info(certificate):
    """Who digitally signed the certificate's stored PDF, and when, for the verify page.

    ``signed_by`` is the signing certificate's name (the issuing body, not a person's data);
    ``signed_at`` is aware (the page shows it in Asia/Ho_Chi_Minh). ``signed`` is False while
    no signed PDF exists yet (PDFs are made on first download).
    """
    signed = bool(certificate.pdf_signed_by and certificate.pdf_signed_at)
    return {
        "signed": signed,
        "signed_by": certificate.pdf_signed_by if signed else "",
        "signed_at": certificate.pdf_signed_at if signed else None,
    }


def certificate_held(*, member, course):
    """The certificate of ``course`` that ``member`` holds now (not revoked), or None: at most
    one, by a conditional unique constraint."""
    return Certificate.objects.filter(
        holder=member, course=course, status=CertificateStatus.VALID
    ).first()


def certificate_eligibility_for_admin(*, member, course):
    """For the "issue one" screen: may ``member`` be issued ``course``'s certificate, and if
    not, why (the courses app's own reasons). A recorded completion is enough."""

    existing = certificate_held(member=member, course=course)
    if CourseCompletion.objects.filter(member=member, course=course).exists():
        return {"eligible": True, "reasons": [], "existing": existing}
    status = completion_status(member=member, course=course)
    return {"eligible": status.complete, "reasons": list(status.reasons), "existing": existing}
