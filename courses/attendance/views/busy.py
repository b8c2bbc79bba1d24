"""The check-in's answer when the database is briefly unavailable.

``busy_response`` renders ``attendance/checkin_busy.html`` on the error pages' layout, which
reads nothing from the database, the session or the user (``templates/errors/base.html``), so
it renders while the database is down. It carries a form that sends the same check-in again
(the scan's pass or the typed code, and the sign-in fields when the person was not signed in);
the check-in POST is idempotent, so the retry answers "Bạn đã điểm danh" when the first attempt
had in fact been saved.
"""

from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import loader

# What "the database is briefly unavailable" raises: a refused or dropped connection.
DB_FAULTS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


class SessionSaveFailed(OperationalError):
    """The Django session could not be saved: answered as a fault, like the others."""


def session_commit(request) -> None:
    """Save a changed Django session now, inside the view, so that a fault is answered with the
    busy page here and not by ``SessionMiddleware`` afterwards (a bare "Bad Request (400)").

    The middleware saves it once more (one UPDATE) to set the cookie. When this save fails the
    session is left unmodified, so the middleware does not try again: the person simply is not
    signed in yet, and the retry form asks for the password again.
    """
    session = getattr(request, "session", None)
    if session is None or not session.modified:
        return
    try:
        session.save()
    except (OperationalError, InterfaceError, CreateError, UpdateError) as error:
        session.modified = False
        raise SessionSaveFailed(str(error)) from error


def _signed_in(request) -> bool:
    # Only what is already loaded: asking the database now would fail again.
    user = getattr(request, "_cached_user", None)
    return bool(user is not None and user.is_authenticated)


def busy_response(request, *, fields) -> HttpResponse:
    """The Vietnamese "Hệ thống đang bận, vui lòng thử lại" page, status 503, whose button
    resends ``fields`` (hidden) to the same address."""
    context = {
        "action": request.get_full_path(),
        "method": "post" if request.method == "POST" else "get",
        "fields": fields if request.method == "POST" else {},
        "csrf_token": get_token(request),
        "ask_sign_in": request.method == "POST" and not _signed_in(request),
        "username": request.POST.get("username", "") if request.method == "POST" else "",
    }
    body = loader.get_template("attendance/checkin_busy.html").render(context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
