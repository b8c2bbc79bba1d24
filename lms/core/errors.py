"""The Vietnamese error pages: 400, 403, 404, 500 and a refused CSRF check.

Django's own handlers render through the request context, whose processors read the session,
the signed-in user and the site settings from the database. An error page is shown exactly when
something has failed, often the database itself, so these render their templates with a plain
context: no query, no session, no user. ``templates/errors/base.html`` is the minimal layout
they share (the site's stylesheet and a link home, nothing read from the database).
"""

import logging

from django.contrib.sessions.exceptions import SessionInterrupted
from django.http import HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _render(template_name, status, context=None):
    try:
        body = loader.get_template(template_name).render(context or {})
    except Exception:  # the page that reports a failure must not fail in its turn
        logger.exception("Error page %s could not be rendered", template_name)
        body = _("Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.")
        return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def _people_message(exception):
    """The exception's message when it was written for people, else ``""``.

    Views raise ``PermissionDenied(_("Bạn đã nhập sai mã quá nhiều lần…"))`` to tell the user
    why; libraries raise plain English reasons ("address blocked") meant for the log. Messages
    for people carry Vietnamese letters, internal ones are ASCII, so only the former are shown.
    """
    message = str(exception or "") if exception is not None else ""
    if not message or message.isascii() or len(message) > 300:
        return ""
    return message


def bad_request(request, exception=None):
    if isinstance(exception, SessionInterrupted):
        # The session row could not be saved (deleted, or the database dropped the
        # connection) after the view had done its work: what the user did may well be saved.
        return _render(
            "400.html",
            400,
            {
                "title": _("Phiên làm việc bị gián đoạn"),
                "message": _(
                    "Thao tác của bạn có thể đã được lưu, nhưng phiên làm việc không ghi lại "
                    "được. Hãy tải lại trang để kiểm tra trước khi làm lại."
                ),
                "reload": True,
            },
        )
    return _render("400.html", 400)


def permission_denied(request, exception=None):
    return _render("403.html", 403, {"message": _people_message(exception)})


def page_not_found(request, exception=None):
    return _render("404.html", 404)


def server_error(request):
    return _render("500.html", 500)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent from a stale page, or with cookies turned off."""
    if reason == REASON_NO_CSRF_COOKIE:
        hint = _(
            "Trình duyệt chưa gửi cookie của trang. Hãy bật cookie cho trang này rồi tải lại "
            "trang và gửi lại."
        )
    elif reason == REASON_NO_REFERER:
        hint = _(
            "Trình duyệt không gửi địa chỉ trang gốc (Referer). Hãy tắt tiện ích chặn Referer "
            "cho trang này rồi thử lại."
        )
    else:
        hint = _(
            "Trang bạn gửi đã cũ hoặc phiên đăng nhập đã thay đổi. Hãy quay lại, tải lại trang "
            "rồi gửi lại."
        )
    return _render("403_csrf.html", 403, {"hint": hint})
