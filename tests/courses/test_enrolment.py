"""Enrolment rules: open/closed courses, prerequisites, bulk enrolment and its scoping."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from courses import services
from courses.choices import EnrolmentSource
from courses.models import CourseCompletion, Enrolment
from lms.accounts.groups import groups_sync
from lms.accounts.scoping import scope_for
from tests.factories.accounts import (
    ProvinceOfficerFactory,
    TrainerFactory,
    UserFactory,
    WardOfficerFactory,
)
from tests.factories.courses import course_page
from tests.factories.teams import MembershipFactory, TeamFactory, WardFactory


def _staff(factory, **kwargs):
    from lms.accounts.groups import group_for_role

    user = factory(**kwargs)
    user.groups.add(group_for_role(user.role))
    return user


@pytest.fixture
def groups(db):
    return groups_sync()


class SelfEnrolmentTests:
    def test_open_course(self, course, learner):
        enrolment = services.enrolment_create(member=learner, course=course)
        assert enrolment.source == EnrolmentSource.SELF
        assert enrolment.enrolled_by is None

    def test_twice_returns_the_same_row(self, course, learner):
        first = services.enrolment_create(member=learner, course=course)
        assert services.enrolment_create(member=learner, course=course) == first
        assert Enrolment.objects.filter(member=learner).count() == 1

    def test_closed_course_refuses_self_enrolment(self, index, learner):
        closed = course_page(index, is_open=False)
        with pytest.raises(ValidationError, match="không cho phép tự ghi danh"):
            services.enrolment_create(member=learner, course=closed)
        assert not Enrolment.objects.exists()

    def test_prerequisites_must_be_completed(self, index, learner):
        basics = course_page(index)
        advanced = course_page(index)
        advanced.prerequisites.add(basics)
        advanced.save()
        with pytest.raises(ValidationError, match=basics.title):
            services.enrolment_create(member=learner, course=advanced)
        CourseCompletion.objects.create(member=learner, course=basics, completed_on="2026-11-01")
        assert services.enrolment_create(member=learner, course=advanced).pk

    def test_unpublished_course(self, index, learner):
        draft = course_page(index)
        draft.unpublish()
        with pytest.raises(ValidationError):
            services.enrolment_create(member=learner, course=draft)

    def test_enrol_button(self, client, course, lessons, learner):
        client.force_login(learner.user)
        response = client.post(reverse("courses:enrol", args=[course.pk]))
        assert response.status_code == 302
        assert response["Location"] == lessons[0].url
        assert Enrolment.objects.filter(member=learner, course=course).exists()

    def test_enrol_button_on_closed_course_shows_message(self, client, index, learner):
        closed = course_page(index, is_open=False)
        client.force_login(learner.user)
        response = client.post(reverse("courses:enrol", args=[closed.pk]), follow=True)
        assert "không cho phép tự ghi danh" in response.content.decode()
        assert not Enrolment.objects.exists()

    def test_enrol_requires_login(self, client, course):
        response = client.post(reverse("courses:enrol", args=[course.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_user_without_member_gets_a_clear_message(self, client, course):
        client.force_login(UserFactory())
        response = client.post(reverse("courses:enrol", args=[course.pk]))
        assert response.status_code == 403
        assert "chưa gắn với hồ sơ thành viên" in response.content.decode()

    def test_course_page_shows_the_enrol_button(self, client, course, learner):
        client.force_login(learner.user)
        html = client.get(course.url).content.decode()
        assert reverse("courses:enrol", args=[course.pk]) in html


@pytest.fixture
def two_wards(db):
    ward = WardFactory()
    other_ward_same_province = WardFactory(province=ward.province)
    team_a = TeamFactory(hamlet__ward=ward)
    team_b = TeamFactory(hamlet__ward=ward)
    team_c = TeamFactory(hamlet__ward=other_ward_same_province)
    members = {
        "a": [MembershipFactory(team=team_a).member for _ in range(3)],
        "b": [MembershipFactory(team=team_b).member for _ in range(2)],
        "c": [MembershipFactory(team=team_c).member for _ in range(4)],
    }
    return ward, other_ward_same_province, (team_a, team_b, team_c), members


class BulkEnrolmentTests:
    def test_team(self, groups, course, two_wards):
        ward, _other, (team_a, _b, _c), members = two_wards
        officer = _staff(WardOfficerFactory, ward=ward)
        assert services.enrolment_bulk_create(course=course, by=officer, team=team_a) == 3
        enrolled = set(Enrolment.objects.values_list("member_id", flat=True))
        assert enrolled == {m.pk for m in members["a"]}
        assert set(Enrolment.objects.values_list("source", flat=True)) == {EnrolmentSource.BULK}
        assert set(Enrolment.objects.values_list("enrolled_by", flat=True)) == {officer.pk}

    def test_idempotent(self, groups, course, two_wards):
        ward, _other, (team_a, _b, _c), _members = two_wards
        officer = _staff(WardOfficerFactory, ward=ward)
        services.enrolment_bulk_create(course=course, by=officer, team=team_a)
        assert services.enrolment_bulk_create(course=course, by=officer, team=team_a) == 0
        assert services.enrolment_bulk_create(course=course, by=officer, ward=ward) == 2
        assert Enrolment.objects.count() == 5

    def test_province_by_ward_officer_is_limited_to_the_ward(self, groups, course, two_wards):
        ward, _other, _teams, members = two_wards
        officer = _staff(WardOfficerFactory, ward=ward)
        count = services.enrolment_bulk_create(course=course, by=officer, province=ward.province)
        assert count == 5
        assert not Enrolment.objects.filter(member__in=members["c"]).exists()

    def test_province_officer_enrols_the_whole_province(self, groups, course, two_wards):
        ward, _other, _teams, _members = two_wards
        officer = _staff(ProvinceOfficerFactory, province=ward.province)
        assert (
            services.enrolment_bulk_create(course=course, by=officer, province=ward.province) == 9
        )

    def test_team_outside_scope_enrols_nobody(self, groups, course, two_wards):
        _ward, other, (_a, _b, team_c), _members = two_wards
        officer = _staff(WardOfficerFactory)
        assert not scope_for(officer).covers(team_c)
        assert services.enrolment_bulk_create(course=course, by=officer, team=team_c) == 0
        assert not Enrolment.objects.exists()

    def test_closed_course_is_fine_for_staff(self, groups, index, two_wards):
        ward, _other, (team_a, _b, _c), _members = two_wards
        closed = course_page(index, is_open=False)
        trainer = _staff(TrainerFactory)  # a trainer without a province works nationally
        assert services.enrolment_bulk_create(course=closed, by=trainer, team=team_a) == 3

    def test_former_members_are_not_enrolled(self, groups, course, two_wards):
        ward, _other, (team_a, _b, _c), members = two_wards
        membership = members["a"][0].memberships.get()
        membership.left_on = "2026-10-01"
        membership.save()
        officer = _staff(WardOfficerFactory, ward=ward)
        assert services.enrolment_bulk_create(course=course, by=officer, team=team_a) == 2

    def test_left_this_team_but_active_elsewhere(self, groups, course, two_wards):
        ward, _other, (team_a, team_b, _c), members = two_wards
        mover = members["a"][0]
        mover.memberships.update(left_on="2026-10-01")
        MembershipFactory(member=mover, team=team_b)
        officer = _staff(WardOfficerFactory, ward=ward)
        assert services.enrolment_bulk_create(course=course, by=officer, team=team_a) == 2
        assert not Enrolment.objects.filter(member=mover).exists()
        assert services.enrolment_bulk_create(course=course, by=officer, team=team_b) == 3

    def test_dissolved_teams_are_skipped_for_a_ward(self, groups, course, two_wards):
        ward, _other, (team_a, _b, _c), _members = two_wards
        team_a.status = "dissolved"
        team_a.save()
        officer = _staff(WardOfficerFactory, ward=ward)
        assert services.enrolment_bulk_create(course=course, by=officer, ward=ward) == 2

    def test_members_cannot_bulk_enrol(self, groups, course, two_wards):
        _ward, _other, (team_a, _b, _c), _members = two_wards
        with pytest.raises(PermissionDenied):
            services.enrolment_bulk_create(course=course, by=UserFactory(), team=team_a)

    def test_exactly_one_target(self, groups, course, two_wards):
        ward, _other, (team_a, _b, _c), _members = two_wards
        officer = _staff(WardOfficerFactory, ward=ward)
        with pytest.raises(ValidationError):
            services.enrolment_bulk_create(course=course, by=officer)
        with pytest.raises(ValidationError):
            services.enrolment_bulk_create(course=course, by=officer, team=team_a, ward=ward)

    def test_query_count_does_not_grow(self, groups, course, django_assert_max_num_queries):
        ward = WardFactory()
        small, large = TeamFactory(hamlet__ward=ward), TeamFactory(hamlet__ward=ward)
        for _ in range(2):
            MembershipFactory(team=small)
        for _ in range(25):
            MembershipFactory(team=large)
        officer = _staff(WardOfficerFactory, ward=ward)
        officer.has_perm("courses.add_enrolment")  # warm the permission cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small_run:
            services.enrolment_bulk_create(course=course, by=officer, team=small)
        with django_assert_max_num_queries(len(small_run)):
            assert services.enrolment_bulk_create(course=course, by=officer, team=large) == 25

    def test_single_enrolment_by_staff_checks_scope(self, groups, course, two_wards):
        ward, _other, _teams, members = two_wards
        officer = _staff(WardOfficerFactory, ward=ward)
        enrolment = services.enrolment_create(member=members["a"][0], course=course, by=officer)
        assert enrolment.source == EnrolmentSource.BULK
        with pytest.raises(PermissionDenied):
            services.enrolment_create(member=members["c"][0], course=course, by=officer)


class BulkEnrolmentAdminTests:
    def test_ward_officer_enrols_a_team(self, client, groups, course, two_wards):
        ward, _other, (team_a, _b, team_c), _members = two_wards
        officer = _staff(WardOfficerFactory, ward=ward)
        client.force_login(officer)
        url = reverse("course_bulk_enrol:index")
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        # The ward officer's own teams are listed, another ward's are not.
        assert team_a.name in html and team_c.name not in html
        response = client.post(
            url, {"course": course.pk, "target": "teams", "teams": [team_a.pk], "action": "enrol"}
        )
        assert response.status_code == 302
        assert Enrolment.objects.count() == 3

    def test_ward_target(self, client, groups, course, two_wards):
        ward, _other, _teams, _members = two_wards
        officer = _staff(ProvinceOfficerFactory, province=ward.province)
        client.force_login(officer)
        response = client.post(
            reverse("course_bulk_enrol:index"),
            {"course": course.pk, "target": "ward", "ward": ward.pk, "action": "enrol"},
            follow=True,
        )
        assert "Đã ghi danh 5 thành viên" in response.content.decode()

    def test_load_teams_does_not_enrol(self, client, groups, course, two_wards):
        ward, _other, (team_a, _b, _c), _members = two_wards
        officer = _staff(ProvinceOfficerFactory, province=ward.province)
        client.force_login(officer)
        response = client.post(
            reverse("course_bulk_enrol:index"),
            {"course": course.pk, "target": "teams", "ward": ward.pk, "action": "load_teams"},
        )
        assert response.status_code == 200
        assert team_a.name in response.content.decode()
        assert not Enrolment.objects.exists()

    def test_members_are_refused(self, client, groups, course):
        user = UserFactory(is_staff=True)
        client.force_login(user)
        response = client.get(reverse("course_bulk_enrol:index"))
        assert response.status_code in (302, 403)
