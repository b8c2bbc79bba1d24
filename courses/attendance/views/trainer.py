"""The trainer's pages for running a session: the calendar, the session page, the live QR
screen and the roll call (with walk-ins, roster changes and closing).

Lockout is not a weapon (issue 15, item 10; issue 16, item 1): someone who locks a member's
account with wrong passwords in the hall cannot keep them from being counted. The roll call
flags locked accounts and marks such a member present in one tap ("Ghi có mặt"), and the
session page unlocks their sign-in ("Mở khóa đăng nhập", ``lms.accounts.lockout``, audited).
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.accounts.lockout import account_unlock, may_unlock
from lms.core import ratelimit

from .. import selectors, services, tokens
from ..choices import AttendanceStatus
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
    locked = []
    if request.user.has_perm("attendance.manage_attendance"):
        rows = list(selectors.session_roster(session).filter(member__user__isnull=False))
        locked_ids = selectors.roster_locked_user_ids(rows)
        locked = [
            row
            for row in rows
            if row.member.user_id in locked_ids and may_unlock(request.user, row.member.user)
        ]
    return render(
        request,
        "attendance/session_detail.html",
        {
            "session": counted,
            "is_open": session.is_open(),
            "is_closed": session.is_closed(),
            "changes": changes,
            "locked": locked,
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
    locked_ids = selectors.roster_locked_user_ids(rows)
    for row in rows:
        row.team_name = team_names.get(row.member_id, "")
        row.account_locked = row.member.user_id in locked_ids
    return render(
        request,
        "attendance/roll_call.html",
        {
            "session": session,
            "form": form,
            "is_closed": session.is_closed(),
            "walk_in_form": WalkInForm(auto_id="id_walk_in_%s"),
            "count": len(rows),
        },
    )


@require_POST
@login_required
@manage_required
def mark_present(request, pk):
    """One tap on the roll call: this person is here (also when their account is locked)."""
    session = visible_session(request, pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("member"),
        pk=request.POST.get("attendance"),
        session=session,
    )
    try:
        services.attendance_roll_call(
            session=session,
            marks={attendance.pk: (AttendanceStatus.PRESENT, attendance.note)},
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã ghi có mặt: %(name)s.") % {"name": attendance.member.full_name}
        )
    return redirect("attendance:roll_call", pk=session.pk)


@require_POST
@login_required
@manage_required
def member_unlock(request, pk, attendance_pk):
    """ "Mở khóa đăng nhập" for a member on the roster whose account is locked (audited by
    ``lms.accounts.lockout.account_unlock``, which also decides who may)."""
    session = visible_session(request, pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("member__user"), pk=attendance_pk, session=session
    )
    user = attendance.member.user
    if user is None:
        raise Http404
    try:
        account_unlock(actor=request.user, user=user)
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền mở khóa tài khoản này."))
    else:
        messages.success(
            request,
            _("Đã mở khóa đăng nhập cho %(name)s.") % {"name": attendance.member.full_name},
        )
    return redirect("attendance:session_detail", pk=session.pk)


# Walk-ins refused as outside the session's area, per user: each probe costs a form post, and
# past this many an hour the form stops answering (issue 15, item 2).
WALK_IN_REFUSALS = ratelimit.Limit("attendance-walk-in-refused", 20, 3600)


def _codes(error):
    errors = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return {e.code for group in errors for e in group}


@require_POST
@login_required
@manage_required
def walk_in(request, pk):
    session = visible_session(request, pk)
    form = WalkInForm(request.POST)
    refusals = f"user:{request.user.pk}"
    if ratelimit.is_limited(WALK_IN_REFUSALS, refusals):
        messages.error(
            request,
            _("Bạn đã nhập quá nhiều số điện thoại không thuộc phạm vi. Hãy thử lại sau 1 giờ."),
        )
    elif form.is_valid():
        try:
            attendance = services.attendance_walk_in(
                session=session,
                phone=form.cleaned_data["phone"],
                full_name=form.cleaned_data["full_name"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            if "not_in_scope" in _codes(error):
                ratelimit.hit(WALK_IN_REFUSALS, refusals)
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
