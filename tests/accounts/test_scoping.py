"""The one scoping mechanism, table-driven: which rows each role sees, and ``covers``."""

import pytest

from lms.accounts.scoping import Scope, scope_for, scope_queryset
from teams.models import Member, Membership, Province, Ward
from tests.factories.accounts import (
    AdminFactory,
    ProvinceOfficerFactory,
    ReviewerFactory,
    TrainerFactory,
    UserFactory,
    WardOfficerFactory,
)
from tests.factories.teams import MembershipFactory, ProvinceFactory, WardFactory


@pytest.fixture
def world(db):
    province = ProvinceFactory()
    ward = WardFactory(province=province)
    neighbour = WardFactory(province=province)
    far = WardFactory()
    members = {
        "ward": MembershipFactory(team__hamlet__ward=ward).member,
        "neighbour": MembershipFactory(team__hamlet__ward=neighbour).member,
        "far": MembershipFactory(team__hamlet__ward=far).member,
    }
    return {
        "province": province,
        "ward": ward,
        "neighbour": neighbour,
        "far": far,
        "members": members,
    }


USERS = {
    "anonymous": lambda w: None,
    "member": lambda w: UserFactory(),
    "admin": lambda w: AdminFactory(),
    "admin role without superuser flag": lambda w: UserFactory(role="admin"),
    "national trainer": lambda w: TrainerFactory(),
    "provincial trainer": lambda w: TrainerFactory(province=w["province"]),
    "reviewer": lambda w: ReviewerFactory(),
    "province officer": lambda w: ProvinceOfficerFactory(province=w["province"]),
    "ward officer": lambda w: WardOfficerFactory(ward=w["ward"]),
    "ward officer with a mistyped province": lambda w: WardOfficerFactory(
        ward=w["ward"], province=w["far"].province
    ),
    "deactivated ward officer": lambda w: WardOfficerFactory(ward=w["ward"], is_active=False),
}

# role -> which members (by ward key) each sees
VISIBLE_MEMBERS = {
    "anonymous": set(),
    "member": set(),
    "admin": {"ward", "neighbour", "far"},
    "admin role without superuser flag": {"ward", "neighbour", "far"},
    "national trainer": {"ward", "neighbour", "far"},
    "provincial trainer": {"ward", "neighbour"},
    "reviewer": {"ward", "neighbour", "far"},
    "province officer": {"ward", "neighbour"},
    "ward officer": {"ward"},
    "ward officer with a mistyped province": {"ward"},
    "deactivated ward officer": set(),
}


@pytest.mark.parametrize("role", list(USERS))
def test_members_and_memberships_visible_per_role(world, role):
    user = USERS[role](world)
    expected = {world["members"][key].pk for key in VISIBLE_MEMBERS[role]}
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert set(scope_queryset(user, Member.objects.all()).values_list("pk", flat=True)) == expected
    assert (
        set(scope_queryset(user, Membership.objects.all()).values_list("member_id", flat=True))
        == expected
    )
    scope = scope_for(user)
    for key, member in world["members"].items():
        assert scope.covers(member) is (key in VISIBLE_MEMBERS[role]), key


def test_ward_officer_sees_own_ward_and_its_province_row_only(world):
    officer = WardOfficerFactory(ward=world["ward"], province=world["far"].province)
    assert list(scope_queryset(officer, Ward.objects.all())) == [world["ward"]]
    # The province row comes from the ward, never from the (mistyped) province on the account.
    assert list(scope_queryset(officer, Province.objects.all())) == [world["province"]]


def test_covers_answers_from_loaded_objects_without_queries(world, django_assert_num_queries):
    officer = ProvinceOfficerFactory(province=world["province"])
    members = list(Member.objects.select_related("ward"))
    scope = scope_for(officer)
    with django_assert_num_queries(0):
        assert sum(scope.covers(m) for m in members) == 2


def test_covers_falls_back_to_a_query_when_relations_are_not_loaded(
    world, django_assert_num_queries
):
    officer = ProvinceOfficerFactory(province=world["province"])
    member = Member.objects.get(pk=world["members"]["far"].pk)
    scope = scope_for(officer)
    with django_assert_num_queries(1):
        assert scope.covers(member) is False


def test_scope_is_cached_per_user_object_but_follows_changes(world, django_assert_num_queries):
    officer = WardOfficerFactory(ward=world["ward"])
    officer = type(officer).objects.get(pk=officer.pk)
    first = scope_for(officer)
    with django_assert_num_queries(0):
        assert scope_for(officer) is first
    officer.ward = world["neighbour"]
    assert scope_for(officer).ward_id == world["neighbour"].pk


def test_empty_scope_selects_nothing():
    assert Scope().nothing
    assert Scope().covers(object()) is False
