import datetime

import factory
from django.utils import timezone

from courses.attendance.models import Attendance, TrainingSession
from tests.factories.activity import RefreshesMemberActivity

from .teams import WardFactory


class TrainingSessionFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    """A ward-organised session that started 10 minutes ago (open for check-in, not late)."""

    class Meta:
        model = TrainingSession

    title = factory.Sequence(lambda n: f"Buổi tập huấn thử {n}")
    organiser_ward = factory.SubFactory(WardFactory)
    organiser_province = factory.LazyAttribute(lambda o: o.organiser_ward.province)
    venue = "Hội trường UBND xã"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))


class AttendanceFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(TrainingSessionFactory)
    member = factory.SubFactory(
        "tests.factories.teams.MemberFactory",
        ward=factory.SelfAttribute("..session.organiser_ward"),
    )
