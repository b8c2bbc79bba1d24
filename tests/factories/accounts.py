import factory

from lms.accounts.choices import Role
from lms.accounts.models import User
from lms.core.validators import TEST_PHONE_PREFIX

PASSWORD = "Matkhau@2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    # The upper half of the test phone range (members take the lower half).
    username = factory.Sequence(lambda n: f"{TEST_PHONE_PREFIX}{500000 + n % 500000:06d}")
    phone = factory.LazyAttribute(lambda o: o.username if o.username.isdigit() else "")
    last_name = "Nguyễn Văn"
    first_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    role = Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class ProvinceOfficerFactory(UserFactory):
    role = Role.PROVINCE_OFFICER
    is_staff = True
    province = factory.SubFactory("tests.factories.teams.ProvinceFactory")


class WardOfficerFactory(UserFactory):
    role = Role.WARD_OFFICER
    is_staff = True
    ward = factory.SubFactory("tests.factories.teams.WardFactory")
    province = factory.LazyAttribute(lambda o: o.ward.province)


class TrainerFactory(UserFactory):
    role = Role.TRAINER
    is_staff = True


class ReviewerFactory(UserFactory):
    role = Role.REVIEWER
    is_staff = True


def member_with_account(*, ward=None, password=PASSWORD, **member_fields):
    """A team member (``teams.Member``) signed up with a User linked to it."""
    from tests.factories.teams import MemberFactory

    member = MemberFactory(**({"ward": ward} if ward is not None else {}), **member_fields)
    user = UserFactory(username=member.phone, phone=member.phone, password=password)
    member.user = user
    member.save(update_fields=["user"])
    return member
