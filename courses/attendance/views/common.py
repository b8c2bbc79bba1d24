"""What the attendance pages share: the permission checks and the scoped session lookup."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404

from .. import selectors

staff_required = permission_required("attendance.view_trainingsession", raise_exception=True)
manage_required = permission_required("attendance.manage_attendance", raise_exception=True)


def visible_session(request, pk):
    session = selectors.session_for_user_or_none(request.user, pk)
    if session is None:
        raise Http404
    return session


def messages_of(error):
    if hasattr(error, "message_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)
