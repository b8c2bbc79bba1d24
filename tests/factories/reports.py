"""Factories for the data the reports aggregate: courses, sessions, attendance, certificates.

Kept minimal and explicit (dates are always passed by the tests that care) so that every
expected number in the report tests can be read off the test itself.
"""

import datetime

import factory
from django.utils import timezone
from wagtail.models import Page

from certificates.models import Certificate, CertificateTemplate
from courses.attendance.models import Attendance, TrainingSession
from courses.models import CourseCompletion, CoursePage, Enrolment, Topic
from tests.factories.activity import RefreshesMemberActivity
from tests.factories.teams import MemberFactory, ProvinceFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Chủ đề thử {n}")
    slug = factory.Sequence(lambda n: f"chu-de-thu-{n}")


def course_create(*, title, code, topics=()):
    """A live course page under the tree root (reports only need the row and its topics)."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test before this one flushed Wagtail's tree
        from wagtail.models import Locale

        locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    course = root.add_child(
        instance=CoursePage(title=title, code=code, summary="Khóa học thử.", slug=code.lower())
    )
    if topics:
        course.topics.set(topics)
        course.save()
    return course


class EnrolmentFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    member = factory.SubFactory(MemberFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


class CompletionFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCompletion

    member = factory.SubFactory(MemberFactory)
    completed_on = datetime.date(2026, 8, 1)


class SessionFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    title = factory.Sequence(lambda n: f"Buổi tập huấn {n}")
    organiser_province = factory.SubFactory(ProvinceFactory)
    organiser_ward = None
    venue = "Nhà văn hóa"
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2026, 8, 10, 8, 0))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))


class AttendanceFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    member = factory.SubFactory(MemberFactory)
    status = "present"


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = "Mẫu thử"
    issuing_body_upper = "UBND TỈNH THỬ"
    issuing_body = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    number_suffix = "GCN-THU"
    place_name = "Cần Thơ"
    signer_name = "Nguyễn Văn Ký"
    signer_title = "Giám đốc"


class CertificateFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    holder = factory.SubFactory(MemberFactory)
    template = factory.SubFactory(CertificateTemplateFactory)
    issuing_body_key = "GCN-THU"
    year = factory.LazyAttribute(lambda o: o.issued_on.year)
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.sequence:04d}/{o.year}/GCN-THU")
    issued_on = datetime.date(2026, 8, 15)
    status = "valid"
    course_title = factory.LazyAttribute(lambda o: o.course.title)
