"""Every admin URL, as every role: no 500, and nothing outside the user's scope is shown.

The walk reads the URL patterns from Django's resolver, so a screen added later is walked
without editing this file. Each ``<int:…>`` is filled with the id of an object inside the
officers' area and, for the scoped kinds, of one outside it whose name is a marker; a page
answered with 200 must not contain an outside marker. POST-only screens answer GET with 405,
which counts as refused. Wagtail's built-in reports (site history and the five others) are
closed to everyone but superusers and left out of their Reports menu (lms/pages/wagtail_hooks).
"""

import re
import sys
from collections import Counter

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.log_actions import log

from courses.attendance.models import TrainingSession
from courses.models import CourseCompletion, Enrolment, QuizAttempt
from lms.accounts.groups import groups_sync
from lms.accounts.services import user_role_groups_sync
from teams.models import CommunityTeam, Hamlet, Member, Membership
from tests.factories.accounts import (
    AdminFactory,
    ProvinceOfficerFactory,
    ReviewerFactory,
    TrainerFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.courses import (
    CourseCompletionFactory,
    EnrolmentFactory,
    QuizAttemptFactory,
    course_page,
    lesson_page,
)
from tests.factories.reports import CertificateFactory
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    MembershipFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)

OUTSIDE_NAME = "Hoàng Văn Bí Mật"
OUTSIDE_TEAM = "Tổ Ngoài Vùng Bí Mật"
OUTSIDE_HAMLET = "Thôn Ngoài Vùng Bí Mật"
OUTSIDE_SESSION = "Buổi Tập Huấn Ngoài Vùng Bí Mật"
MARKERS = [OUTSIDE_NAME, OUTSIDE_TEAM, OUTSIDE_HAMLET, OUTSIDE_SESSION]

ROLES = ["superuser", "province_officer", "ward_officer", "trainer", "reviewer", "member"]
REFUSED = {301, 302, 403, 404, 405}

# Not walked: they are not screens (login, logout, password reset, static sprite, JS catalogue)
# or fail on purpose (failwhale is Wagtail's "raise an error" test view).
SKIP_NAMES = {
    "wagtailadmin_error_test",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}
SKIP_PREFIXES = ("wagtailadmin_password_reset",)

BUILTIN_REPORTS = [
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/site-history/?export=csv",
    "/admin/reports/page-types-usage/",
    "/admin/reports/aging-pages/",
    "/admin/reports/locked/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
]


def _admin_patterns():
    """(route, name, view model or None) of every admin URL pattern."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    ns = f"{namespace}:{pattern.namespace}"
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                callback = pattern.callback
                model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
                model = model or getattr(getattr(callback, "view_class", None), "model", None)
                yield prefix + str(pattern.pattern), name, model

    for route, name, model in walk(get_resolver().url_patterns, "", None):
        if route.startswith("admin/"):
            yield route, name, model


@pytest.fixture
def world(db, site_pages):
    groups_sync()
    p, q = ProvinceFactory(), ProvinceFactory()
    w1 = WardFactory(province=p)
    w2 = WardFactory(province=q)
    inside_hamlet = HamletFactory(ward=w1)
    outside_hamlet = HamletFactory(ward=w2, name=OUTSIDE_HAMLET)
    inside_team = TeamFactory(hamlet=inside_hamlet)
    outside_team = TeamFactory(hamlet=outside_hamlet, name=OUTSIDE_TEAM)
    inside = MemberFactory(ward=w1)
    outside = MemberFactory(ward=w2, full_name=OUTSIDE_NAME)
    inside_membership = MembershipFactory(member=inside, team=inside_team)
    outside_membership = MembershipFactory(member=outside, team=outside_team)
    course = course_page(title="Khóa học chung")
    lesson = lesson_page(course)
    objects = {
        Member: (inside, outside),
        CommunityTeam: (inside_team, outside_team),
        Hamlet: (inside_hamlet, outside_hamlet),
        Membership: (inside_membership, outside_membership),
        TrainingSession: (
            TrainingSessionFactory(organiser_ward=w1, course=course),
            TrainingSessionFactory(organiser_ward=w2, course=course, title=OUTSIDE_SESSION),
        ),
        Enrolment: tuple(EnrolmentFactory(member=m, course=course) for m in (inside, outside)),
        CourseCompletion: tuple(
            CourseCompletionFactory(member=m, course=course) for m in (inside, outside)
        ),
        QuizAttempt: tuple(QuizAttemptFactory(member=m, lesson=lesson) for m in (inside, outside)),
    }
    from certificates.models import Certificate

    objects[Certificate] = tuple(
        CertificateFactory(holder=m, course=course) for m in (inside, outside)
    )
    # The site history's row for the outsider names them: the leak the audit found.
    log(instance=outside, action="wagtail.edit", user=AdminFactory())
    member_account = member_with_account(ward=w1)
    users = {
        "superuser": AdminFactory(),
        "province_officer": ProvinceOfficerFactory(province=p),
        "ward_officer": WardOfficerFactory(ward=w1),
        "trainer": TrainerFactory(province=p),
        "reviewer": ReviewerFactory(),
        "member": member_account.user,
    }
    for user in users.values():
        user_role_groups_sync(user=user)
    return {"objects": objects, "users": users, "course": course}


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
STR_VALUES = {
    "app_label": "teams",
    "app_name": "teams",
    "model_name": "member",
    "content_type_app_name": "courses",
    "content_type_model_name": "coursepage",
    "action": "delete",
    "action_name": "approve",
    "filter_spec": "original",
    "uidb64": "MQ",
    "token": "x-y",
}


def _urls(route, model, world):
    """The URLs to try for one route: ``[(url, outside marker or None)]``."""
    if "(" in route:  # a regular expression with groups (revision comparison): not fillable
        return []
    route = route.replace("^", "").replace("$", "")
    params = list(_PARAM.finditer(route))
    objects = world["objects"]
    if not params:
        return [("/" + route, None)]
    variants = []
    for side in (0, 1):  # 0: inside the officers' area, 1: outside it
        url, marker, scoped = route, None, False
        for match in params:
            name, conv = match["name"], match["conv"] or "str"
            if name == "pk" and model in objects:
                value, scoped = objects[model][side].pk, True
            elif name == "member_id":
                value, scoped = objects[Member][side].pk, True
            elif name == "membership_pk":
                value, scoped = objects[Membership][side].pk, True
            elif name in ("page_id", "parent_page_id", "page_to_move_id", "page_pk"):
                value = world["course"].pk
            elif conv == "int" or name.endswith("id") or name == "pk":
                value = 99999999
            else:
                value = STR_VALUES.get(name, "x")
            url = url.replace(match.group(0), str(value))
        if side == 1 and not scoped:
            break
        if side == 1:
            marker = MARKERS
        variants.append(("/" + url, marker))
    return variants


def test_every_admin_url_as_every_role(world):
    targets = []
    skipped = []
    for route, name, model in _admin_patterns():
        if name in SKIP_NAMES or name.startswith(SKIP_PREFIXES):
            continue
        urls = _urls(route, model, world)
        if not urls:
            skipped.append(route)
        targets += urls
    assert len(targets) > 250, len(targets)
    problems = []
    seen = Counter()
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(world["users"][role])
        for url, markers in targets:
            response = client.get(url)
            status = response.status_code
            seen[status] += 1
            if status >= 500:
                problems.append(f"{role} {url}: {status}")
            elif markers and role != "superuser" and status not in REFUSED:
                body = response.content.decode(errors="replace")
                leaked = [m for m in markers if m in body]
                if status != 200 or leaked:
                    problems.append(f"{role} {url}: {status} shows {leaked}")
    sys.stdout.write(
        f"\n{len(targets)} admin URLs x {len(ROLES)} roles: {dict(sorted(seen.items()))}\n"
    )
    sys.stdout.write(f"not fillable: {skipped}\n")
    assert problems == []


@pytest.mark.parametrize("role", ROLES)
def test_wagtail_builtin_reports_are_for_superusers_only(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world["users"][role])
    for url in BUILTIN_REPORTS:
        response = client.get(url)
        if response.streaming:  # the CSV export
            body = b"".join(response.streaming_content).decode(errors="replace")
        else:
            body = response.content.decode(errors="replace")
        if role == "superuser":
            assert response.status_code == 200, url
            if "site-history/" in url:  # the marker is there to be leaked
                assert OUTSIDE_NAME in body, url
            continue
        assert OUTSIDE_NAME not in body
        if role == "member":  # no admin access at all: Wagtail's sign-in redirect
            assert response.status_code == 302, url
            continue
        assert response.status_code == 403, (url, response.status_code)
        assert "Báo cáo này chỉ dành cho quản trị viên hệ thống." in body, url
    home = client.get("/admin/")
    if role == "member":
        assert home.status_code == 302
        return
    menu = home.content.decode()
    for label in ("site-history", "page-types-usage", "aging-pages", "locked-pages"):
        assert (f'"name": "{label}"' in menu) == (role == "superuser"), label
