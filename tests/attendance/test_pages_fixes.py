"""Small page fixes: the session history admin page (issue 15, item 13) and the phone pages
(issue 16, item 16): in-progress sessions, unique ids on the roll call, no Wagtail user bar on
the check-in, roll-call and projected screens."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance import tokens
from courses.attendance.models import Attendance
from tests.factories.attendance import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def history_url(session):
    return reverse("attendance_trainingsession:history", args=[session.pk])


@pytest.mark.parametrize("kind", ["admin", "province", "ward", "trainer"])
def test_session_history_answers_for_every_role(client, session, make_staff, kind):
    from courses.attendance.services import session_update

    extra = {
        "province": {"province": session.organiser_province},
        "ward": {"ward": session.organiser_ward},
        "trainer": {"province": session.organiser_province},
    }.get(kind, {})
    user = make_staff(kind, **extra)
    if kind == "trainer":
        session.trainers.add(user)
    session_update(session=session, by=user, venue="Nhà văn hóa thôn")
    client.force_login(user)
    client.raise_request_exception = False
    response = client.get(history_url(session))
    assert response.status_code == 200


def test_session_history_of_an_invisible_session_is_404(client, make_staff):
    other = TrainingSessionFactory()
    officer = make_staff("ward")
    client.force_login(officer)
    client.raise_request_exception = False
    assert client.get(history_url(other)).status_code == 404


def test_session_in_progress_is_not_under_upcoming(client, member_user):
    now = timezone.now()
    running = TrainingSessionFactory(
        title="Buổi đang diễn ra",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=1),
    )
    later = TrainingSessionFactory(
        title="Buổi tuần sau", starts_at=now + datetime.timedelta(days=7)
    )
    for session in (running, later):
        Attendance.objects.create(session=session, member=member_user)
    client.force_login(member_user.user)
    html = client.get(reverse("attendance:my_sessions")).content.decode()
    ongoing = html[html.index('id="ongoing"') : html.index('id="upcoming"')]
    upcoming = html[html.index('id="upcoming"') : html.index('id="past"')]
    assert "Đang diễn ra" in ongoing and "Buổi đang diễn ra" in ongoing
    assert "Buổi đang diễn ra" not in upcoming
    assert "Buổi tuần sau" in upcoming


def test_staff_calendar_lists_in_progress_sessions_apart(client, session, trainer):
    client.force_login(trainer)
    html = client.get(reverse("attendance:session_list")).content.decode()
    ongoing = html[html.index('id="ongoing"') : html.index('id="today"')]
    assert session.title in ongoing
    assert session.title not in html[html.index('id="today"') :]


def test_roll_call_ids_are_unique(client, session, roster, trainer):
    client.force_login(trainer)
    html = client.get(reverse("attendance:roll_call", args=[session.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    assert ids["id_reason"] == 1


USERBAR = "wagtail-userbar"


def test_no_userbar_on_check_in_roll_call_and_screen(client, session, make_staff):
    admin = make_staff("admin")
    admin.groups.clear()
    client.force_login(admin)
    # The user bar shows on other pages for this user...
    assert USERBAR in client.get(reverse("attendance:session_list")).content.decode()
    # ...and not on these.
    for url in (
        reverse("attendance:checkin", args=[tokens.token_make(session)]),
        reverse("attendance:checkin_code"),
        reverse("attendance:roll_call", args=[session.pk]),
        reverse("attendance:screen", args=[session.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert USERBAR not in response.content.decode(), url
