"""Masking of CCCD, date of birth and phone; the member's own page; consent; escaping."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from lms.accounts.scoping import personal_data_visible
from tests.factories.accounts import (
    AdminFactory,
    ProvinceOfficerFactory,
    ReviewerFactory,
    TrainerFactory,
    UserFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.teams import MemberFactory, MembershipFactory, WardFactory

CCCD = "092190001234"
TEMPLATE = Template(
    "{% load privacy %}{{ m|cccd_for:u }}|{{ m|date_of_birth_for:u }}|{{ m|phone_for:u }}"
)


def _render(member, user):
    return TEMPLATE.render(Context({"m": member, "u": user}))


@pytest.fixture
def world(db):
    ward = WardFactory()
    other_ward = WardFactory(province=ward.province)
    far_ward = WardFactory()
    member = member_with_account(
        ward=ward, phone="0912000005", cccd=CCCD, date_of_birth=datetime.date(1990, 3, 7)
    )
    return {
        "member": member,
        "ward": ward,
        "other_ward": other_ward,
        "far_ward": far_ward,
    }


VISIBLE = f"{CCCD}|07/03/1990|0912000005"
MASKED = "*********234|**/**/****|*******005"

VIEWERS = [
    ("anonymous", lambda w: AnonymousUser(), False),
    ("the member themself", lambda w: w["member"].user, True),
    ("another member", lambda w: UserFactory(), False),
    ("trainer", lambda w: TrainerFactory(), False),
    ("reviewer", lambda w: ReviewerFactory(), False),
    ("ward officer of the ward", lambda w: WardOfficerFactory(ward=w["ward"]), True),
    ("officer of a neighbouring ward", lambda w: WardOfficerFactory(ward=w["other_ward"]), False),
    (
        "province officer of the province",
        lambda w: ProvinceOfficerFactory(province=w["ward"].province),
        True,
    ),
    (
        "province officer elsewhere",
        lambda w: ProvinceOfficerFactory(province=w["far_ward"].province),
        False,
    ),
    ("administrator", lambda w: AdminFactory(), True),
    (
        "deactivated ward officer",
        lambda w: WardOfficerFactory(ward=w["ward"], is_active=False),
        False,
    ),
]


@pytest.mark.parametrize(("label", "make_user", "visible"), VIEWERS, ids=[v[0] for v in VIEWERS])
def test_personal_data_is_shown_only_to_those_whose_scope_covers_the_member(
    world, label, make_user, visible
):
    user = make_user(world)
    member = world["member"]
    assert personal_data_visible(user, member) is visible
    assert _render(member, user) == (VISIBLE if visible else MASKED)


def test_phone_is_shown_to_everyone_when_the_member_consented(world):
    member = world["member"]
    member.public_consent = True
    assert _render(member, AnonymousUser()) == "*********234|**/**/****|0912000005"


def test_empty_values_render_empty(db):
    member = MemberFactory(cccd="", date_of_birth=None, phone="")
    assert _render(member, AdminFactory()) == "||"


def test_masking_a_list_costs_no_query_per_member(db, django_assert_max_num_queries):
    ward = WardFactory()
    officer = WardOfficerFactory(ward=ward)
    members = [MemberFactory(ward=ward, cccd=f"0921900{n:05d}") for n in range(20)]
    template = Template(
        "{% load privacy %}{% for m in ms %}{{ m|cccd_for:u }}{{ m|date_of_birth_for:u }}{% endfor %}"
    )
    officer = type(officer).objects.get(pk=officer.pk)
    with django_assert_max_num_queries(1):
        html = template.render(Context({"ms": members, "u": officer}))
    assert "092190000019" in html


@pytest.mark.django_db
class ProfileTests:
    def test_requires_sign_in(self, client):
        response = client.get("/accounts/tai-khoan/")
        assert response.status_code == 302
        assert "/accounts/dang-nhap/" in response["Location"]

    def test_shows_the_members_own_data_unmasked(self, client, world):
        member = world["member"]
        MembershipFactory(member=member, team__hamlet__ward=world["ward"])
        client.force_login(member.user)
        html = client.get("/accounts/tai-khoan/").content.decode()
        assert CCCD in html
        assert "07/03/1990" in html
        assert member.full_name in html
        assert "Tổ công nghệ số cộng đồng" in html  # the team's name

    def test_staff_without_member_record_still_gets_a_page(self, client, db):
        client.force_login(TrainerFactory())
        response = client.get("/accounts/tai-khoan/")
        assert response.status_code == 200
        assert "Đổi mật khẩu" in response.content.decode()

    def test_names_with_html_are_rendered_escaped(self, client, db):
        member = member_with_account(full_name='<script>alert("x")</script> Mai')
        member.user.first_name = "<b>Mai</b>"
        member.user.save()
        client.force_login(member.user)
        html = client.get("/accounts/tai-khoan/").content.decode()
        assert "<script>alert" not in html
        assert "<b>Mai</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Mai" in html
        assert "&lt;b&gt;Mai&lt;/b&gt;" in html

    def test_give_and_withdraw_public_consent_with_dates(self, client, world):
        member = world["member"]
        client.force_login(member.user)
        response = client.post("/accounts/tai-khoan/cong-khai/", {"public_consent": "on"})
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.public_consent is True
        given_at = member.public_consent_at
        assert given_at is not None
        html = client.get("/accounts/tai-khoan/").content.decode()
        assert "Rút lại đồng ý công khai" in html
        client.post("/accounts/tai-khoan/cong-khai/", {"public_consent": ""})
        member.refresh_from_db()
        assert member.public_consent is False
        assert member.public_consent_at >= given_at

    def test_consent_without_member_record_changes_nothing(self, client, db):
        client.force_login(TrainerFactory())
        response = client.post(
            "/accounts/tai-khoan/cong-khai/", {"public_consent": "on"}, follow=True
        )
        assert "chưa gắn với hồ sơ thành viên" in response.content.decode()

    def test_change_password(self, client, world):
        user = world["member"].user
        client.force_login(user)
        response = client.post(
            "/accounts/tai-khoan/doi-mat-khau/",
            {"old_password": "sai", "password1": "Moi-2026!abc", "password2": "Moi-2026!abc"},
        )
        assert "Mật khẩu hiện tại không đúng." in response.content.decode()
        from tests.factories.accounts import PASSWORD

        response = client.post(
            "/accounts/tai-khoan/doi-mat-khau/",
            {"old_password": PASSWORD, "password1": "Moi-2026!abc", "password2": "Moi-2026!abc"},
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("Moi-2026!abc")
        # Still signed in after the change.
        assert client.get("/accounts/tai-khoan/").status_code == 200
