"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (W3C VC Data Model 2.0).

Everything comes from the certificate's snapshot (number, holder name, course title and hours,
issuing body, dates), like the PDF, so the credential states what the paper states. Two things
are read live: the skills the course is tagged with (``courses.DigitalSkill``) and its
criteria (pass mark, sessions), which describe the achievement rather than this award.

The holder. The credential is public to whoever has the certificate's link (the QR code), so
it carries no phone number, citizen ID or date of birth. The holder is an ``IdentityObject``
of type "name" holding a salted SHA-256 of the full name (``sha256$…``, OB 3.0 §B.1.11): a
relying party who is shown the paper certificate (which prints the name) can check it, nobody
can read it. The salt is per certificate and derived from the site's secret, so it needs no
column and two certificates of the same person do not share a hash. An anonymised holder has
no identifier at all. The masked name ("Nguyễn T** H*** Nhung"), which the public
verification page already shows, is in the credential's description.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from courses.choices import DigitalSkillCode
from lms.core.public_url import public_url
from lms.core.text import mask_name

from .signing import sign_compact
from .status import status_entry

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SKILLS_FRAMEWORK = "Kỹ năng số cơ bản cho mọi người dân"


def absolute(path, request=None):
    return public_url(path, request=request)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _end_of(day: datetime.date) -> datetime.datetime:
    # ``expires_on`` is the last valid day: valid until its last second, Vietnam time.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def holder_salt(certificate) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"credential-salt:{certificate.code}".encode(), "sha256"
    )
    return digest.hexdigest()[:16]


def identity_hash(name: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256(f"{name}{salt}".encode()).hexdigest()


def skills_framework_url(request=None):
    return absolute(reverse("credentials:skills"), request)


def skill_alignment(code, request=None):
    base = skills_framework_url(request)
    return {
        "type": ["Alignment"],
        "targetName": str(DigitalSkillCode(code).label),
        "targetCode": code,
        "targetFramework": SKILLS_FRAMEWORK,
        "targetType": "ceasn:Competency",
        "targetUrl": f"{base}#{code}",
    }


def skills_framework(request=None) -> dict:
    """The five basic digital skills, the framework achievements align to (served as JSON)."""
    return {
        "id": skills_framework_url(request),
        "name": SKILLS_FRAMEWORK,
        "inLanguage": "vi",
        "skills": [{"code": code, "name": str(label)} for code, label in DigitalSkillCode.choices],
    }


def issuer_profile(certificate, request=None) -> dict:
    """The issuing body as it stood when the certificate was issued (its snapshot)."""
    profile = {
        "id": absolute(reverse("credentials:issuer", args=[certificate.issuing_body_key]), request),
        "type": ["Profile"],
        "name": certificate.issuing_body_name,
        "url": absolute("/", request),
    }
    if certificate.issuing_body_upper:
        profile["parentOrg"] = {
            "id": absolute("/", request),
            "type": ["Profile"],
            "name": certificate.issuing_body_upper,
        }
    return profile


def _hours(hours) -> str:
    if hours is None:
        return ""
    value = float(hours)
    return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")


def criteria_narrative(course) -> str:
    parts = [
        f"Hoàn thành khóa học “{course.title}”: học hết các bài học và đạt từ "
        f"{course.pass_mark}% số điểm mỗi bài kiểm tra"
    ]
    if course.min_sessions:
        parts.append(f"tham dự ít nhất {course.min_sessions} buổi tập huấn trực tiếp")
    return ", ".join(parts) + "."


def course_achievement(course, *, title, hours, code, creator=None, request=None) -> dict:
    """The course as an OB 3.0 ``Achievement``: what was achieved, by which criteria, and which
    of the five basic digital skills it trains (``Alignment`` to :func:`skills_framework`)."""
    codes = [skill.code for skill in course.skills.all()]
    hours_text = _hours(hours)
    description = f"Khóa bồi dưỡng “{title}”"
    if hours_text:
        description += f", thời lượng {hours_text} giờ"
    data = {
        "id": absolute(reverse("credentials:achievement", args=[course.pk]), request),
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title,
        "description": description + ".",
        "criteria": {"narrative": criteria_narrative(course)},
        "inLanguage": "vi",
        "alignment": [skill_alignment(skill, request) for skill in codes],
        "tag": [str(DigitalSkillCode(skill).label) for skill in codes],
    }
    course_url = course.get_url(request=request) if course.live else None
    if course_url:
        data["criteria"]["id"] = (
            absolute(course_url, request) if course_url[:1] == "/" else course_url
        )
    if code:
        data["humanCode"] = code
    if hours_text:
        # "Credit hours associated with this entity" (OB 3.0): the course's hours.
        data["creditsAvailable"] = float(hours)
    if creator:
        data["creator"] = creator
    return data


def achievement(certificate, request=None) -> dict:
    """The achievement as the certificate states it (its title and hours snapshot)."""
    return course_achievement(
        certificate.course,
        title=certificate.course_title,
        hours=certificate.course_hours,
        code=certificate.course_code,
        creator=issuer_profile(certificate, request),
        request=request,
    )


def holder_label(certificate) -> str:
    if certificate.holder_anonymised or not certificate.holder_name:
        return "người đã được ẩn danh"
    return mask_name(certificate.holder_name)


def credential_subject(certificate, request=None) -> dict:
    subject = {
        "type": ["AchievementSubject"],
        "achievement": achievement(certificate, request),
        "activityEndDate": iso(_start_of(certificate.issued_on)),
    }
    if not certificate.holder_anonymised and certificate.holder_name:
        salt = holder_salt(certificate)
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": True,
                "identityHash": identity_hash(certificate.holder_name, salt),
                "salt": salt,
            }
        ]
    return subject


def credential_url(certificate, request=None) -> str:
    return absolute(reverse("credentials:credential_json", args=[certificate.code]), request)


def open_badge_credential(certificate, *, request=None) -> dict:
    """The certificate as an unsigned ``OpenBadgeCredential`` (plain JSON-LD data)."""
    verify_url = absolute(certificate.get_absolute_url(), request)
    valid_from = iso(_start_of(certificate.issued_on))
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(certificate, request),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Giấy chứng nhận số {certificate.number}",
        "description": (
            f"Giấy chứng nhận hoàn thành khóa bồi dưỡng “{certificate.course_title}” cấp cho "
            f"{holder_label(certificate)}, số {certificate.number}."
        ),
        "issuer": issuer_profile(certificate, request),
        "validFrom": valid_from,
        "awardedDate": valid_from,
        "credentialSubject": credential_subject(certificate, request),
        "evidence": [
            {
                "id": verify_url,
                "type": ["Evidence"],
                "name": "Trang xác thực giấy chứng nhận",
                "narrative": (
                    f"Giấy chứng nhận số {certificate.number} do {certificate.issuing_body_name} "
                    f"cấp ngày {certificate.issued_on:%d/%m/%Y}; tra cứu tình trạng tại trang "
                    "xác thực."
                ),
            }
        ],
        "credentialStatus": status_entry(certificate, request=request),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if certificate.expires_on:
        credential["validUntil"] = iso(_end_of(certificate.expires_on))
    return credential


def jwt_claims(credential: dict) -> dict:
    """The credential as a JWT payload (OB 3.0 §8.2, VC-JOSE-COSE): the credential's own
    members at the top level, plus the registered claims verifiers check."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = int(datetime.datetime.fromisoformat(credential["validFrom"]).timestamp())
    if "validUntil" in credential:
        claims["exp"] = int(datetime.datetime.fromisoformat(credential["validUntil"]).timestamp())
    return claims


def credential_jwt(certificate, *, request=None) -> str:
    return sign_compact(
        jwt_claims(open_badge_credential(certificate, request=request)), typ="vc+jwt"
    )
