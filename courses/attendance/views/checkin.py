"""The member's pages: check-in by QR code or by the 6-digit code, and "Lịch tập huấn".

Member pages only ever show the signed-in member's own rows.

Check-in is the page hundreds of people submit within minutes, so it is written to answer
honestly when the database falters (issue 15, items 6 and 11):

- a database fault anywhere in the request (loading the session, signing in, saving the row,
  saving the Django session) answers the Vietnamese "Hệ thống đang bận" page, status 503, with a
  button that sends the same check-in again (``busy.py``);
- the POST is idempotent: a retry after a fault that struck *after* the row was saved finds the
  row and answers "Bạn đã điểm danh", never a second row, never "lỗi";
- the Django session is saved inside the view, where a fault is caught, instead of only in
  ``SessionMiddleware`` afterwards (which answers a failed save with a bare 400).
"""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.accounts.forms import SignInForm
from lms.core import ratelimit

from .. import selectors, services, tokens
from ..choices import CheckInMethod
from ..forms import CodeForm
from ..models import Attendance, TrainingSession
from .busy import DB_FAULTS, busy_response, session_commit
from .common import messages_of

# Wrong 6-digit codes per address and session: a code changes every window, but a script could
# still try many codes in one; shared by every worker (lms.core.ratelimit, atomic increments).
CODE_ATTEMPTS = ratelimit.Limit("attendance-code", 10, 600)
CODE_ATTEMPTS_LIMIT = CODE_ATTEMPTS.count
CODE_ATTEMPTS_WINDOW = CODE_ATTEMPTS.window


def _sign_in_and_member(request, form):
    """Sign in with the form on the check-in page (axes counts failures) and return the Member."""
    if request.user.is_authenticated:
        return selectors.member_for_user(request.user)
    if not form.is_valid():
        return None
    login(request, form.get_user())
    return selectors.member_for_user(request.user)


def _done(session, newly):
    """The "done" page; ``moi`` says whether this request recorded the check-in (wording only,
    so it travels in the address rather than in a session write)."""
    url = reverse("attendance:checkin_done", args=[session.pk])
    return redirect(f"{url}?moi={1 if newly else 0}")


def _record(request, session, member, method, now=None):
    try:
        attendance = services.attendance_check_in(
            session=session, member=member, method=method, now=now
        )
    except ValidationError as error:
        return None, messages_of(error)
    return attendance, []


def _already_attended(request, session):
    """The signed-in member's attended row of ``session``, if any (a retry after a fault)."""
    if not request.user.is_authenticated:
        return None
    member = selectors.member_for_user(request.user)
    if member is None:
        return None
    row = Attendance.objects.filter(session=session, member=member).first()
    return row if row is not None and row.attended else None


def _refused(request, message, session=None):
    return render(
        request,
        "attendance/checkin_refused.html",
        {"message": message, "session": session},
        status=400,
    )


@never_cache
def checkin(request, token):
    """The page the QR code opens. One page, one tap: sign-in (if needed) and check-in."""
    try:
        response = _checkin(request, token)
        session_commit(request)
    except DB_FAULTS:
        return busy_response(request, fields={"pass": request.POST.get("pass", "")})
    return response


def _checkin(request, token):
    try:
        session = TrainingSession.objects.filter(pk=tokens.token_session_id(token)).first()
    except tokens.TokenError as error:
        return _refused(request, error.message)
    if session is None:
        return _refused(request, _("Mã QR không hợp lệ."))
    try:
        scanned_at = None
        if request.method == "POST":
            tokens.pass_check(session, request.POST.get("pass"))
            scan_pass = request.POST["pass"]  # the same pass: a re-render never renews it
            # Judged as of the scan: a check-in resent after the phone lost its signal is on
            # time if the scan was (still within the 10 minutes of the pass).
            scanned_at = tokens.pass_scanned_at(scan_pass)
        else:
            tokens.token_check(session, token)
            scan_pass = tokens.pass_make(session)
        services.session_check_open(session=session, now=scanned_at)
    except tokens.TokenError as error:
        if request.method == "POST" and _already_attended(request, session):
            return _done(session, newly=False)
        return _refused(request, error.message)
    except ValidationError as error:
        return _refused(request, " ".join(messages_of(error)), session)
    errors = []
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    member = selectors.member_for_user(request.user)
    if request.method == "POST":
        member = _sign_in_and_member(request, form)
        if request.user.is_authenticated and member is None:
            errors.append(_no_member_message())
        elif member is not None:
            attendance, errors = _record(request, session, member, CheckInMethod.QR, now=scanned_at)
            if attendance is not None:
                return _done(session, attendance.newly_attended)
    existing = Attendance.objects.filter(session=session, member=member).first() if member else None
    return render(
        request,
        "attendance/checkin.html",
        {
            "session": session,
            "form": form,
            "pass": scan_pass,
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
    try:
        response = _checkin_code(request)
        session_commit(request)
    except DB_FAULTS:
        return busy_response(request, fields={"code": request.POST.get("code", "")})
    return response


def _checkin_code(request):
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
                    return _done(session, attendance.newly_attended)
    return render(
        request,
        "attendance/checkin_code.html",
        {"code_form": code_form, "form": form, "errors": errors},
    )


def _session_for_code(request, member, code):
    """The open session whose current code this is, preferring one the member is invited to.

    Guessing is throttled per address and account by :data:`CODE_ATTEMPTS`, counted atomically
    on the shared cache, so four workers allow 10 misses, not 40. A hall behind one address has
    many members, so the account is part of the key: one person's misses never block another.
    """
    ident = ratelimit.ident_for(request, "user", request.user.pk)
    if ratelimit.is_limited(CODE_ATTEMPTS, ident):
        raise PermissionDenied(_("Bạn đã nhập sai mã quá nhiều lần. Hãy thử lại sau 10 phút."))
    matches = [s for s in selectors.open_sessions() if tokens.code_matches(s, code)]
    if not matches:
        ratelimit.hit(CODE_ATTEMPTS, ident)
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
    newly = {"1": True, "0": False}.get(request.GET.get("moi"))
    return render(
        request,
        "attendance/checkin_done.html",
        {"attendance": attendance, "session": attendance.session, "newly": newly},
    )


@login_required
def my_sessions(request):
    member = selectors.member_for_user(request.user)
    context = {"member": member, "ongoing": [], "upcoming": [], "past": []}
    if member is not None:
        context.update(selectors.member_sessions(member=member))
        context["summary"] = selectors.member_attendance_summary(member=member)
    return render(request, "attendance/my_sessions.html", context)
