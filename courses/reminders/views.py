"""Calendar downloads and feeds, and the account page's reminder and calendar actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .calendars import calendar_bytes
from .forms import PreferenceForm

ICS_TYPE = "text/calendar; charset=utf-8"


def _ics(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@login_required
def session_ics(request, pk):
    """One session as an ``.ics`` file, for a person invited to it, teaching it or managing it."""
    session = selectors.session_for_calendar(request.user, pk)
    if session is None:
        raise Http404
    return _ics(calendar_bytes([session]), f"tap-huan-{session.pk}.ics", attachment=True)


@require_safe
def feed(request, token):
    """A person's private calendar: sessions they are invited to or teach. The token is the
    only credential (calendar apps send no cookies); a revoked or unknown one answers 404."""
    feed_token = selectors.feed_token_by_value(token)
    if feed_token is None:
        raise Http404
    services.calendar_token_touch(token=feed_token)
    sessions = selectors.sessions_of_person(feed_token.user, now=timezone.now())
    return _ics(calendar_bytes(sessions), "lich-tap-huan.ics", attachment=False)


@require_POST
@login_required
def preference_set(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.reminder_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu cách nhận nhắc lịch."))
    return redirect("accounts:profile")


@require_POST
@login_required
def token_regenerate(request):
    services.calendar_token_regenerate(user=request.user)
    messages.success(
        request,
        _("Đã tạo địa chỉ lịch mới. Địa chỉ cũ (nếu có) không còn dùng được."),
    )
    return redirect("accounts:profile")


@require_POST
@login_required
def token_revoke(request):
    services.calendar_token_revoke(user=request.user)
    messages.success(request, _("Đã thu hồi địa chỉ lịch. Ứng dụng lịch sẽ không cập nhật nữa."))
    return redirect("accounts:profile")
