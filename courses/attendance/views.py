"""Thin views: the trainer's pages (calendar, session, live screen, roll call, paper, reports)
and the member's (check-in by QR or code, "Lịch tập huấn").

Staff pages look the session up through ``selectors.sessions_visible_to`` so a session outside
the user's scope answers 404 whatever id is typed. Member pages only ever show the signed-in
member's own rows.
"""

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.accounts.forms import SignInForm
from lms.accounts.scoping import personal_data_visible
from lms.accounts.services import export_log_record
from lms.pdf import render_pdf
from lms.text import mask_digits

from . import selectors, services, tokens
from .choices import CheckInMethod
from .forms import CodeForm, RateReportForm, RollCallForm, SheetUploadForm, WalkInForm
from .models import Attendance, AttendanceChange, TrainingSession
from .sheets import SheetError, roster_table, table_csv, table_xlsx

staff_required = permission_required("attendance.view_trainingsession", raise_exception=True)
manage_required = permission_required("attendance.manage_attendance", raise_exception=True)

CODE_ATTEMPTS_LIMIT = 10
# Lines left empty on the paper sheet for walk-ins.
BLANK_SHEET_ROWS = 10
CODE_ATTEMPTS_WINDOW = 600


def _visible_session(request, pk):
    session = selectors.session_for_user_or_none(request.user, pk)
    if session is None:
        raise Http404
    return session


def _messages_of(error):
    if hasattr(error, "message_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


# --- the trainer's side ---------------------------------------------------------------------


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
    session = _visible_session(request, pk)
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
    session = _visible_session(request, pk)
    return render(
        request,
        "attendance/session_screen.html",
        {"session": session, "state": _screen_state(request, session)},
    )


@never_cache
@login_required
@manage_required
def session_screen_state(request, pk):
    session = _visible_session(request, pk)
    return JsonResponse(_screen_state(request, session))


@login_required
@manage_required
def roll_call(request, pk):
    session = _visible_session(request, pk)
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
            for message in _messages_of(error):
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
    session = _visible_session(request, pk)
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
            for message in _messages_of(error):
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
    session = _visible_session(request, pk)
    added = services.session_roster_build(session=session)
    messages.success(request, _("Đã mời thêm %(n)s người từ các tổ được mời.") % {"n": added})
    return redirect("attendance:roll_call", pk=session.pk)


@require_POST
@login_required
@manage_required
def roster_remove(request, pk, attendance_pk):
    session = _visible_session(request, pk)
    attendance = get_object_or_404(Attendance, pk=attendance_pk, session=session)
    try:
        services.attendance_remove(attendance=attendance, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xóa khỏi danh sách."))
    return redirect("attendance:roll_call", pk=session.pk)


@require_POST
@login_required
@manage_required
def session_close(request, pk):
    session = _visible_session(request, pk)
    services.session_close(session=session, by=request.user)
    messages.success(request, _("Đã đóng buổi tập huấn."))
    return redirect("attendance:session_detail", pk=session.pk)


def _roster_with_teams(session):
    rows = list(selectors.session_roster(session))
    return rows, selectors.memberships_active_team_names([r.member_id for r in rows])


@login_required
@manage_required
def sign_in_sheet(request, pk):
    session = _visible_session(request, pk)
    rows, team_names = _roster_with_teams(session)
    for row in rows:
        row.team_name = team_names.get(row.member_id, "")
        row.phone_masked = mask_digits(row.member.phone, 3)
    pdf = render_pdf(
        "attendance/sign_in_sheet_pdf.html",
        {
            "session": session,
            "rows": rows,
            "blank_rows": range(BLANK_SHEET_ROWS),
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-ky-ten-{session.pk}.pdf"'
    return response


@login_required
@manage_required
def roster_export(request, pk, file_format):
    """The roster as CSV/XLSX: a report and the template for uploading the filled sheet.

    Phone numbers are shown in full only to users allowed to see the person's personal data;
    either way the export is logged, since names are personal data.
    """
    if file_format not in ("csv", "xlsx"):
        raise Http404
    session = _visible_session(request, pk)
    rows, team_names = _roster_with_teams(session)

    def phone(member):
        return member.phone if personal_data_visible(request.user, member) else ""

    table = roster_table(rows, team_names, mask_phone=phone)
    export_log_record(
        user=request.user,
        export="attendance.roster",
        file_format=file_format,
        filters={"session": session.pk},
        row_count=len(rows),
        request=request,
    )
    if file_format == "xlsx":
        body = table_xlsx(table, title=_("Điểm danh"))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = table_csv(table), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="diem-danh-{session.pk}.{file_format}"'
    return response


@login_required
@manage_required
def sheet_upload(request, pk):
    session = _visible_session(request, pk)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.attendance_sheet_import(
                session=session,
                upload=form.cleaned_data["file"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except SheetError as error:
            errors = error.errors
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(
                request,
                _("Đã nhập phiếu điểm danh: %(n)s người thay đổi.") % {"n": len(changed)},
            )
            return redirect("attendance:session_detail", pk=session.pk)
    return render(
        request,
        "attendance/sheet_upload.html",
        {"session": session, "form": form, "errors": errors, "is_closed": session.is_closed()},
    )


@login_required
@staff_required
def rate_report(request):
    form = RateReportForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    by = data.get("by") or "team"
    period = {"date_from": data.get("date_from"), "date_to": data.get("date_to")}
    if by == "ward":
        rows = selectors.ward_attendance_rates(user=request.user, **period)
    else:
        rows = selectors.team_attendance_rates(user=request.user, **period)
    sessions = selectors.sessions_with_counts(selectors.sessions_visible_to(request.user))
    if period["date_from"]:
        sessions = sessions.filter(starts_at__date__gte=period["date_from"])
    if period["date_to"]:
        sessions = sessions.filter(starts_at__date__lte=period["date_to"])
    file_format = request.GET.get("export")
    if file_format in ("csv", "xlsx"):
        return _rate_export(request, rows, by, file_format)
    return render(
        request,
        "attendance/report.html",
        {
            "form": form,
            "rows": rows,
            "by": by,
            "sessions": sessions.select_related("organiser_ward", "organiser_province")[:200],
            "query": request.GET.urlencode(),
        },
    )


def _rate_export(request, rows, by, file_format):
    """Aggregates only (no person is named), so no export log entry is needed."""
    header = [
        _("Tổ") if by == "team" else _("Xã, phường"),
        _("Xã, phường") if by == "team" else _("Tỉnh, thành phố"),
        _("Số buổi"),
        _("Lượt được mời"),
        _("Lượt tham dự"),
        _("Tỷ lệ (%)"),
    ]
    table = [header]
    for row in rows:
        parent = row.ward.name if by == "team" else row.province.name
        rate = round(row.rate, 1) if row.rate is not None else ""
        table.append([row.name, parent, row.n_sessions, row.n_invited, row.n_attended, rate])
    if file_format == "xlsx":
        body = table_xlsx(table, title=_("Tỷ lệ tham dự"))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = table_csv(table), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ty-le-tham-du-{by}.{file_format}"'
    return response


# --- the member's side ----------------------------------------------------------------------


def _sign_in_and_member(request, form):
    """Sign in with the form on the check-in page (axes counts failures) and return the Member."""
    if request.user.is_authenticated:
        return selectors.member_for_user(request.user)
    if not form.is_valid():
        return None
    login(request, form.get_user())
    return selectors.member_for_user(request.user)


def _record(request, session, member, method):
    try:
        attendance = services.attendance_check_in(session=session, member=member, method=method)
    except ValidationError as error:
        return None, _messages_of(error)
    request.session[f"attendance_checkin_{session.pk}"] = attendance.newly_attended
    return attendance, []


@never_cache
def checkin(request, token):
    """The page the QR code opens. One page, one tap: sign-in (if needed) and check-in."""
    errors = []
    try:
        session = TrainingSession.objects.filter(pk=tokens.token_session_id(token)).first()
        if session is None:
            raise tokens.TokenError(tokens.INVALID, _("Mã QR không hợp lệ."))
        if request.method == "POST":
            tokens.pass_check(session, request.POST.get("pass"))
        else:
            tokens.token_check(session, token)
        services.session_check_open(session=session)
    except tokens.TokenError as error:
        return render(
            request, "attendance/checkin_refused.html", {"message": error.message}, status=400
        )
    except ValidationError as error:
        return render(
            request,
            "attendance/checkin_refused.html",
            {"message": " ".join(_messages_of(error)), "session": session},
            status=400,
        )
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    member = selectors.member_for_user(request.user)
    if request.method == "POST":
        member = _sign_in_and_member(request, form)
        if request.user.is_authenticated and member is None:
            errors.append(_no_member_message())
        elif member is not None:
            attendance, errors = _record(request, session, member, CheckInMethod.QR)
            if attendance is not None:
                return redirect("attendance:checkin_done", pk=session.pk)
    existing = Attendance.objects.filter(session=session, member=member).first() if member else None
    return render(
        request,
        "attendance/checkin.html",
        {
            "session": session,
            "form": form,
            "pass": tokens.pass_make(session),
            "member": member,
            "existing": existing,
            "errors": errors,
            "no_member": request.user.is_authenticated and member is None,
        },
    )


def _no_member_message():
    return _(
        "Tài khoản này chưa gắn với thành viên tổ nào nên chưa thể điểm danh. "
        "Hãy báo giảng viên để được điểm danh."
    )


@never_cache
def checkin_code(request):
    """For members whose phone cannot scan: type the 6-digit code shown on the screen."""
    code_form = CodeForm(request.POST or None)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    errors = []
    if request.method == "POST" and code_form.is_valid():
        member = _sign_in_and_member(request, form)
        if request.user.is_authenticated and member is None:
            errors.append(_no_member_message())
        elif member is not None:
            session = _session_for_code(request, member, code_form.cleaned_data["code"].strip())
            if session is None:
                errors.append(
                    _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên màn hình.")
                )
            else:
                attendance, errors = _record(request, session, member, CheckInMethod.CODE)
                if attendance is not None:
                    return redirect("attendance:checkin_done", pk=session.pk)
    return render(
        request,
        "attendance/checkin_code.html",
        {"code_form": code_form, "form": form, "errors": errors},
    )


def _session_for_code(request, member, code):
    """The open session whose current code this is, preferring one the member is invited to.

    Guessing is throttled per account: a 6-digit code changes every window, but a script could
    still try many codes in one, so after ``CODE_ATTEMPTS_LIMIT`` misses the account waits.
    """
    key = f"attendance:code-misses:{request.user.pk}"
    if cache.get(key, 0) >= CODE_ATTEMPTS_LIMIT:
        raise PermissionDenied(_("Bạn đã nhập sai mã quá nhiều lần. Hãy thử lại sau 10 phút."))
    matches = [s for s in selectors.open_sessions() if tokens.code_matches(s, code)]
    if not matches:
        cache.set(key, cache.get(key, 0) + 1, CODE_ATTEMPTS_WINDOW)
        return None
    invited = set(
        Attendance.objects.filter(member=member, session__in=matches).values_list(
            "session_id", flat=True
        )
    )
    matches.sort(key=lambda s: s.pk not in invited)
    return matches[0]


@login_required
def checkin_done(request, pk):
    member = selectors.member_for_user(request.user)
    if member is None:
        raise Http404
    attendance = get_object_or_404(
        Attendance.objects.select_related("session"), session_id=pk, member=member
    )
    newly = request.session.pop(f"attendance_checkin_{pk}", None)
    return render(
        request,
        "attendance/checkin_done.html",
        {"attendance": attendance, "session": attendance.session, "newly": newly},
    )


@login_required
def my_sessions(request):
    member = selectors.member_for_user(request.user)
    context = {"member": member, "upcoming": [], "past": []}
    if member is not None:
        context.update(selectors.member_sessions(member=member))
        context["summary"] = selectors.member_attendance_summary(member=member)
    return render(request, "attendance/my_sessions.html", context)
