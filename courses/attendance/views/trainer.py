"""The trainer's pages for running a session: the calendar, the session page, the live QR
screen and the roll call (with walk-ins, roster changes and closing)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import selectors, services, tokens
from ..forms import RollCallForm, WalkInForm
from ..models import Attendance, AttendanceChange, TrainingSession
from .common import manage_required, messages_of, staff_required, visible_session


@login_required
@staff_required
def session_list(request):
    return render(
        request,
        "attendance/session_list.html",
        {"calendar": selectors.session_calendar(request.user), "now": timezone.now()},
    )


@login_required
@staff_required
def session_detail(request, pk):
    session = visible_session(request, pk)
    counted = selectors.sessions_with_counts(TrainingSession.objects.filter(pk=session.pk)).get()
    changes = (
        AttendanceChange.objects.filter(attendance__session=session)
        .select_related("attendance__member", "changed_by")
        .order_by("-changed_at")[:50]
    )
    return render(
        request,
        "attendance/session_detail.html",
        {
            "session": counted,
            "is_open": session.is_open(),
            "is_closed": session.is_closed(),
            "changes": changes,
            "walk_in_form": WalkInForm(),
        },
    )


def _screen_state(request, session):
    now = timezone.now()
    token = tokens.token_make(session, now)
    url = request.build_absolute_uri(reverse("attendance:checkin", args=[token]))
    qr = segno.make(url, error="m")
    counts = selectors.session_live_counts(session)
    recent = [
        {
            "name": a.member.full_name,
            "time": formats.time_format(timezone.localtime(a.checked_in_at), "H:i")
            if a.checked_in_at
            else "",
            "status": a.get_status_display(),
            "late": a.status == "late",
        }
        for a in selectors.session_checked_in(session)
    ]
    return {
        "open": session.is_open(now),
        "url": url,
        "qr": qr.svg_data_uri(scale=8, border=2),
        "code": tokens.code_make(session, now),
        "seconds_left": tokens.seconds_left(session, now),
        "rotation": session.qr_rotation_seconds,
        "counts": counts,
        "recent": recent,
    }


@never_cache
@login_required
@manage_required
def session_screen(request, pk):
    session = visible_session(request, pk)
    return render(
        request,
        "attendance/session_screen.html",
        {"session": session, "state": _screen_state(request, session)},
    )


@never_cache
@login_required
@manage_required
def session_screen_state(request, pk):
    session = visible_session(request, pk)
    return JsonResponse(_screen_state(request, session))


@login_required
@manage_required
def roll_call(request, pk):
    session = visible_session(request, pk)
    rows = list(selectors.session_roster(session))
    form = RollCallForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if "mark_all" in request.POST:
                changed = services.attendance_mark_all_present(
                    session=session, by=request.user, reason=reason
                )
            else:
                changed = services.attendance_roll_call(
                    session=session, marks=form.marks(), by=request.user, reason=reason
                )
        except ValidationError as error:
            for message in messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Đã lưu điểm danh: %(n)s người thay đổi.") % {"n": len(changed)}
            )
            return redirect("attendance:roll_call", pk=session.pk)
    team_names = selectors.memberships_active_team_names([r.member_id for r in rows])
    for row in rows:
        row.team_name = team_names.get(row.member_id, "")
    return render(
        request,
        "attendance/roll_call.html",
        {
            "session": session,
            "form": form,
            "is_closed": session.is_closed(),
            "walk_in_form": WalkInForm(),
            "count": len(rows),
        },
    )


@require_POST
@login_required
@manage_required
def walk_in(request, pk):
    session = visible_session(request, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            attendance = services.attendance_walk_in(
                session=session,
                phone=form.cleaned_data["phone"],
                full_name=form.cleaned_data["full_name"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            for message in messages_of(error):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Đã thêm %(name)s vào danh sách.") % {"name": attendance.member.full_name},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("attendance:roll_call", pk=session.pk)


@require_POST
@login_required
@manage_required
def roster_build(request, pk):
    session = visible_session(request, pk)
    added = services.session_roster_build(session=session)
    messages.success(request, _("Đã mời thêm %(n)s người từ các tổ được mời.") % {"n": added})
    return redirect("attendance:roll_call", pk=session.pk)


@require_POST
@login_required
@manage_required
def roster_remove(request, pk, attendance_pk):
    session = visible_session(request, pk)
    attendance = get_object_or_404(Attendance, pk=attendance_pk, session=session)
    try:
        services.attendance_remove(attendance=attendance, by=request.user)
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xóa khỏi danh sách."))
    return redirect("attendance:roll_call", pk=session.pk)


@require_POST
@login_required
@manage_required
def session_close(request, pk):
    session = visible_session(request, pk)
    services.session_close(session=session, by=request.user)
    messages.success(request, _("Đã đóng buổi tập huấn."))
    return redirect("attendance:session_detail", pk=session.pk)
