"""Who may open which page: one table, every role against every kind of page.

Add a row to ``PAGES`` for each new kind of page (later areas: reports, courses, certificates).
A row names the page, how to build its URL from the test world, and the outcome per role;
roles left out of ``expect`` get ``default``. Outcomes:

* ``OK``: 200.
* ``LOGIN``: redirected to a sign-in page.
* ``DENIED``: refused (403, or Wagtail's redirect to the dashboard / login with a message).
* ``NOT_FOUND``: 404 — an object outside the user's scope must not even be admitted to exist.
* ``REDIRECT``: any redirect (e.g. the sign-in page for someone already signed in).
* ``HIDDEN``: either ``DENIED`` or ``NOT_FOUND`` (no permission for the action at all, and the
  object outside the scope as well).

A row whose URL name does not resolve (an app not installed yet) is skipped, not failed.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import NoReverseMatch, reverse

from lms.accounts.groups import groups_sync
from lms.accounts.services import user_role_groups_sync
from tests.factories.accounts import (
    AdminFactory,
    ProvinceOfficerFactory,
    ReviewerFactory,
    TrainerFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.teams import MemberFactory, WardFactory

OK, LOGIN, DENIED, NOT_FOUND, REDIRECT = "ok", "login", "denied", "not_found", "redirect"
HIDDEN = "denied or not found"

ROLES = [
    "anonymous",
    "member",
    "trainer",
    "reviewer",
    "ward_officer",
    "other_ward_officer",
    "province_officer",
    "admin",
]
STAFF = ["trainer", "reviewer", "ward_officer", "other_ward_officer", "province_officer", "admin"]
SIGNED_IN = ["member", *STAFF]


@dataclass
class PageRow:
    name: str
    url: object  # str, or callable(world) -> str (may raise NoReverseMatch)
    default: str
    expect: dict = field(default_factory=dict)
    method: str = "get"
    fixtures: tuple = ()  # extra pytest fixtures the page needs (e.g. "site_pages")

    def outcome(self, role):
        return self.expect.get(role, self.default)


def _everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def _only(roles, outcome=OK, others=DENIED, anonymous=LOGIN):
    expect = dict.fromkeys(ROLES, others)
    expect["anonymous"] = anonymous
    expect.update(dict.fromkeys(roles, outcome))
    return expect


PAGES = [
    # Public site.
    PageRow("home", "/", OK, _everyone(OK), fixtures=("site_pages",)),
    PageRow("sign-in", lambda w: reverse("accounts:login"), REDIRECT, {"anonymous": OK}),
    PageRow("activation", lambda w: reverse("accounts:activate"), OK),
    PageRow("password reset", lambda w: reverse("accounts:password_reset"), OK),
    PageRow("my account", lambda w: reverse("accounts:profile"), OK, {"anonymous": LOGIN}),
    # Wagtail admin.
    PageRow("admin dashboard", "/admin/", OK, _only(STAFF)),
    PageRow("admin: users", "/admin/users/", DENIED, _only(["admin"])),
    PageRow("admin: new user", "/admin/users/new/", DENIED, _only(["admin"])),
    PageRow("admin: export log", "/admin/accounts/export-log/", DENIED, _only(["admin"])),
    PageRow(
        "admin: anonymisation log", "/admin/accounts/anonymisation-log/", DENIED, _only(["admin"])
    ),
    PageRow("admin: anonymise", "/admin/accounts/anonymise/", DENIED, _only(["admin"])),
    PageRow(
        "admin: anonymise a member",
        lambda w: f"/admin/accounts/anonymise/{w['member_in_ward'].pk}/",
        DENIED,
        _only(["admin"]),
    ),
    PageRow(
        "admin: activation slips",
        "/admin/accounts/activation/",
        DENIED,
        _only(["ward_officer", "other_ward_officer", "admin"]),
    ),
    # Teams member admin (registered by the teams app).
    PageRow(
        "admin: members",
        lambda w: reverse("teams_member:index"),
        DENIED,
        _only(["trainer", "ward_officer", "other_ward_officer", "province_officer", "admin"]),
    ),
    PageRow(
        "admin: edit a member of the ward",
        lambda w: reverse("teams_member:edit", args=[w["member_in_ward"].pk]),
        DENIED,
        {
            **_only(["ward_officer", "province_officer", "admin"]),
            "other_ward_officer": NOT_FOUND,
        },
    ),
    PageRow(
        "admin: inspect a member of the ward",
        lambda w: reverse("teams_member:inspect", args=[w["member_in_ward"].pk]),
        DENIED,
        {
            **_only(["trainer", "ward_officer", "province_officer", "admin"]),
            "other_ward_officer": NOT_FOUND,
        },
    ),
    PageRow(
        # Officers correct and deactivate records; deleting people is for administrators.
        "admin: delete a member of the ward",
        lambda w: reverse("teams_member:delete", args=[w["member_in_ward"].pk]),
        DENIED,
        {**_only(["admin"]), "other_ward_officer": HIDDEN},
    ),
    PageRow(
        "admin: history of a member of the ward",
        lambda w: reverse("teams_member:history", args=[w["member_in_ward"].pk]),
        DENIED,
        {**_only(["ward_officer", "province_officer", "admin"]), "other_ward_officer": NOT_FOUND},
    ),
    PageRow(
        "admin: edit a member of another province",
        lambda w: reverse("teams_member:edit", args=[w["member_far"].pk]),
        DENIED,
        {
            **_only(["admin"]),
            "ward_officer": NOT_FOUND,
            "other_ward_officer": NOT_FOUND,
            "province_officer": NOT_FOUND,
        },
    ),
    # Wagtail's own reports list across the whole site: administrators only (lms/pages).
    PageRow("admin: site history", "/admin/reports/site-history/", DENIED, _only(["admin"])),
    PageRow(
        "admin: site history CSV",
        "/admin/reports/site-history/?export=csv",
        DENIED,
        _only(["admin"]),
    ),
    PageRow(
        "admin: page types usage", "/admin/reports/page-types-usage/", DENIED, _only(["admin"])
    ),
    PageRow("admin: aging pages", "/admin/reports/aging-pages/", DENIED, _only(["admin"])),
    PageRow("admin: locked pages", "/admin/reports/locked/", DENIED, _only(["admin"])),
    PageRow("admin: workflows report", "/admin/reports/workflow/", DENIED, _only(["admin"])),
    PageRow(
        "admin: workflow tasks report", "/admin/reports/workflow_tasks/", DENIED, _only(["admin"])
    ),
    # The support log (teams.support): members record on the site, officers in the admin.
    PageRow("support: entry", lambda w: reverse("support:entry"), DENIED, {"anonymous": LOGIN}),
    PageRow(
        "admin: support log",
        lambda w: reverse("support_record:index"),
        DENIED,
        _only(["trainer", "ward_officer", "other_ward_officer", "province_officer", "admin"]),
    ),
    PageRow(
        "admin: edit a support record of the ward",
        lambda w: reverse("support_record:edit", args=[_support_record(w).pk]),
        DENIED,
        {
            **_only(["ward_officer", "province_officer", "admin"]),
            "other_ward_officer": NOT_FOUND,
            "trainer": HIDDEN,
        },
    ),
    PageRow(
        "admin: the ward's monthly report",
        lambda w: reverse("support_monthly:ward_month", args=[w["ward"].pk, 2026, 9]),
        DENIED,
        {**_only(["ward_officer", "province_officer", "admin"]), "other_ward_officer": NOT_FOUND},
    ),
    PageRow(
        "admin: support report",
        lambda w: reverse("reports_admin:support"),
        DENIED,
        _only(["ward_officer", "other_ward_officer", "province_officer", "admin"]),
    ),
]


def _support_record(world):
    from tests.factories.support import SupportRecordFactory
    from tests.factories.teams import TeamFactory

    team = TeamFactory(hamlet__ward=world["ward"])
    return SupportRecordFactory(team=team)


@pytest.fixture
def world(db):
    groups_sync()
    ward = WardFactory()
    neighbour = WardFactory(province=ward.province)
    far = WardFactory()
    member = member_with_account(ward=ward)
    return {
        "ward": ward,
        "neighbour": neighbour,
        "member_in_ward": MemberFactory(ward=ward),
        "member_far": MemberFactory(ward=far),
        "users": {
            "anonymous": None,
            "member": lambda: member.user,
            "trainer": TrainerFactory,
            "reviewer": ReviewerFactory,
            "ward_officer": lambda: WardOfficerFactory(ward=ward),
            "other_ward_officer": lambda: WardOfficerFactory(ward=neighbour),
            "province_officer": lambda: ProvinceOfficerFactory(province=ward.province),
            "admin": AdminFactory,
        },
    }


def _classify(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 403:
        return DENIED
    if response.status_code in (301, 302):
        location = response["Location"]
        if "login" in location or "dang-nhap" in location:
            return LOGIN
        return REDIRECT
    return f"status {response.status_code}"


def _matches(actual, expected):
    if expected == DENIED:
        # Wagtail answers a signed-in user without permission by redirecting (to the
        # dashboard, or to its login page with a message).
        return actual in (DENIED, REDIRECT, LOGIN)
    if expected == HIDDEN:
        return actual in (DENIED, REDIRECT, LOGIN, NOT_FOUND)
    if expected == REDIRECT:
        return actual in (REDIRECT, LOGIN)
    return actual == expected


CASES = [(page, role) for page in PAGES for role in ROLES]


@pytest.mark.parametrize(
    ("page", "role"), CASES, ids=[f"{page.name} | {role}" for page, role in CASES]
)
def test_role_can_open_page(request, client, world, page, role):
    for name in page.fixtures:
        request.getfixturevalue(name)
    try:
        url = page.url(world) if callable(page.url) else page.url
    except NoReverseMatch:
        pytest.skip(f"{page.name}: not registered in this build")
    make_user = world["users"][role]
    if make_user is not None:
        user = make_user()
        user_role_groups_sync(user=user)
        client.force_login(user)
    response = getattr(client, page.method)(url)
    actual = _classify(response)
    expected = page.outcome(role)
    assert _matches(actual, expected), f"{page.name} as {role}: expected {expected}, got {actual}"
    if expected != OK:
        # Whatever the refusal looks like, no personal data of the member leaks into it.
        body = response.content.decode(errors="replace")
        assert world["member_in_ward"].phone not in body
