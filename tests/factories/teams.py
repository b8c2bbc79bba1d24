import datetime

import factory

from lms.core.validators import TEST_PHONE_PREFIX
from teams import choices
from teams.models import CommunityTeam, Hamlet, Member, Membership, Province, Ward
from tests.factories.activity import RefreshesMemberActivity


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda o: f"Tỉnh Thử {o.code}")
    short_name = factory.LazyAttribute(lambda o: f"Thử {o.code}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.removeprefix("Xã "))
    ward_type = choices.WardType.XA


class HamletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hamlet

    ward = factory.SubFactory(WardFactory)
    name = factory.Sequence(lambda n: f"Thôn {n}")
    kind = choices.HamletKind.THON


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityTeam

    hamlet = factory.SubFactory(HamletFactory)
    ward = factory.LazyAttribute(lambda o: o.hamlet.ward if o.hamlet else WardFactory())
    level = choices.TeamLevel.HAMLET
    name = factory.LazyAttribute(lambda o: CommunityTeam.default_name(hamlet=o.hamlet, ward=o.ward))
    founded_on = datetime.date(2025, 8, 1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = choices.Gender.MALE
    date_of_birth = datetime.date(1990, 1, 1)
    # The test range no real subscriber has (lms.core.validators.TEST_PHONE_PREFIX, 0100...):
    # members take its lower half, accounts (UserFactory) the upper half.
    phone = factory.Sequence(lambda n: f"{TEST_PHONE_PREFIX}{n % 500000:06d}")
    ward = factory.SubFactory(WardFactory)


class MembershipFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(MemberFactory, ward=factory.SelfAttribute("..team.ward"))
    team = factory.SubFactory(TeamFactory)
    role = choices.TeamRole.MEMBER
    joined_on = datetime.date(2025, 9, 1)
