"""The member's pages: check-in by QR code or by the 6-digit code, and "Lịch tập huấn".

Member pages only ever show the signed-in member's own rows.
"""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.accounts.forms import SignInForm

from .. import selectors, services, tokens
from ..choices import CheckInMethod
from ..forms import CodeForm
from ..models import Attendance, TrainingSession
from .common import messages_of

CODE_ATTEMPTS_LIMIT = 10
CODE_ATTEMPTS_WINDOW = 600


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
        return None, messages_of(error)
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
            {"message": " ".join(messages_of(error)), "session": session},
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
