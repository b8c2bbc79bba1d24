"""Demo certificates (idempotent: running twice changes nothing).

A template of the Cần Thơ Department of Science and Technology is attached to the demo
courses, and four members of Phường Vị Tân who completed the information-security course
hold certificates in every state a user should see: valid (Trần Thị Mai, the demo learner,
and Nguyễn Thị Hồng Nhung), revoked with a reason (Lê Văn Hùng) and expired (Phạm Minh Tuấn,
issued 30 months ago with a 24-month validity).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from courses.models import CourseCompletion, CoursePage
from lms.accounts.models import User
from teams.models import Member

from .models import Certificate, CertificateTemplate
from .numbering import add_months
from .services import certificate_issue, certificate_revoke, certificate_template_create

TEMPLATE = {
    "name": "Giấy chứng nhận hoàn thành khóa bồi dưỡng – Sở KH&CN Cần Thơ",
    "issuing_body_upper": "UBND THÀNH PHỐ CẦN THƠ",
    "issuing_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "number_suffix": "GCN-SKHCN",
    "place_name": "Cần Thơ",
    "signer_name": "Nguyễn Văn Thành",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signing_form": "KT. GIÁM ĐỐC",
    "validity_months": 24,
}
DEMO_COURSE_CODES = ["DVC-01", "VNEID-02", "ATTT-01", "LDTT-01"]
CERTIFIED_COURSE = "ATTT-01"
REVOKE_REASON = "Cấp nhầm do trùng hồ sơ; sẽ cấp lại sau khi xác minh (dữ liệu mẫu)."
# phone, state
HOLDERS = [
    ("0912000005", "valid"),  # Trần Thị Mai, the demo learner (completion from courses.demo)
    ("0912000102", "valid"),  # Nguyễn Thị Hồng Nhung
    ("0912000101", "revoked"),  # Lê Văn Hùng
    ("0912000103", "expired"),  # Phạm Minh Tuấn
]


def _template():
    template = CertificateTemplate.objects.filter(
        number_suffix=TEMPLATE["number_suffix"], name=TEMPLATE["name"]
    ).first()
    if template is None:
        template = certificate_template_create(**TEMPLATE)
    return template


def _attach(template):

    attached = 0
    for course in CoursePage.objects.filter(
        code__in=DEMO_COURSE_CODES, certificate_template__isnull=True
    ):
        # Through a revision, so the live page and its latest revision agree.
        course.certificate_template = template
        course.save_revision().publish()
        attached += 1
    return attached


@transaction.atomic
def seed(*, stdout=None):

    template = _template()
    _attach(template)
    course = CoursePage.objects.filter(code=CERTIFIED_COURSE).first()
    if course is None:
        return []
    course.refresh_from_db()
    by = User.objects.filter(username="admin").first()
    today = timezone.localdate()
    made = []
    for phone, state in HOLDERS:
        member = Member.objects.filter(phone=phone).first()
        if member is None or Certificate.objects.filter(holder=member, course=course).exists():
            continue
        issued_on = None
        if state == "expired":
            issued_on = add_months(today, -(template.validity_months + 6))
        completed_on = (issued_on or today) - datetime.timedelta(days=3)
        CourseCompletion.objects.get_or_create(
            member=member,
            course=course,
            defaults={"completed_on": completed_on, "sessions_attended": course.min_sessions},
        )
        certificate = certificate_issue(member=member, course=course, by=by, issued_on=issued_on)
        if state == "revoked":
            certificate_revoke(certificate=certificate, by=by, reason=REVOKE_REASON)
        made.append(certificate)
    if stdout:
        total = Certificate.objects.filter(course=course).count()
        stdout.write(f"Chứng nhận: {total} giấy (còn hiệu lực, đã thu hồi, đã hết hạn)")
    return made
