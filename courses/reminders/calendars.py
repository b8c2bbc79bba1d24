"""iCalendar documents: one session's ``.ics`` and a person's private feed.

Times are written in Asia/Ho_Chi_Minh with its VTIMEZONE, so a phone set to another zone
still shows the hall's time correctly. Each event's UID is stable (the session's id and the
site's host), so a calendar that re-reads the feed updates the event instead of adding one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//To cong nghe so cong dong//Lich tap huan//VI"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(session, stamp) -> Event:
    zone = timezone.get_default_timezone()
    host = urlsplit(settings.LMS_PUBLIC_BASE_URL).hostname or "localhost"
    event = Event()
    event.add("uid", f"training-session-{session.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    event.add("location", session.venue)
    if session.description:
        event.add("description", session.description)
    if session.updated_at:
        event.add("last-modified", session.updated_at)
    event.add("status", "CONFIRMED")
    return event


def calendar_bytes(sessions, *, name=None) -> bytes:
    with translation.override("vi"):
        calendar = _calendar(name or _("Lịch tập huấn"))
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(_event(session, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
