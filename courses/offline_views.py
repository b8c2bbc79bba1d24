"""The endpoints of the offline web app (issue 19): the "Đang ngoại tuyến" page the service
worker shows for a page it has not kept, the list of files of a downloaded course, and the two
outbox receivers (a learner's lesson work, a trainer's roll call marks).

The receivers answer JSON. 200 means "done, remove it from the phone" (also when the answer is
a refusal the person must read, ``ok: false``); 403 (signed out) and 409 (the work belongs to
another account than the one signed in now) mean "keep it and try again later".
"""

import json

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.attendance.choices import AttendanceStatus
from courses.attendance.services import attendance_offline_mark
from courses.attendance.views.common import messages_of, visible_session

from . import offline, selectors
from .models import CoursePage, LessonPage

MAX_BODY = 64 * 1024


@require_GET
@never_cache
def offline_page(request):
    # Kept on every phone by the service worker at install (so no HTTP caching: the page's
    # language switch carries a CSRF token): nothing personal, whoever is signed in now.
    return render(request, "courses/offline.html", {"user": AnonymousUser()})


def _refused(message, status=400):
    return JsonResponse({"ok": False, "message": message}, status=status)


def _signed_out():
    return _refused(_("Bạn cần đăng nhập lại để gửi."), status=403)


def _payload(request):
    if len(request.body) > MAX_BODY:
        raise ValidationError(_("Dữ liệu gửi lên quá lớn."))
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("Dữ liệu gửi lên không hợp lệ.")) from None
    if not isinstance(data, dict):
        raise ValidationError(_("Dữ liệu gửi lên không hợp lệ."))
    return data


def _other_account(request, data):
    return str(data.get("user") or "") != str(request.user.pk)


@require_GET
@never_cache
def course_bundle(request, course_id):
    if not request.user.is_authenticated:
        return _signed_out()
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    member = selectors.member_for_user(request.user)
    try:
        bundle = offline.offline_bundle(member=member, course=course)
    except PermissionDenied as error:
        return _refused(str(error), status=403)
    return JsonResponse(bundle)


@require_POST
@never_cache
def lesson_sync(request):
    if not request.user.is_authenticated:
        return _signed_out()
    try:
        data = _payload(request)
    except ValidationError as error:
        return _refused(" ".join(error.messages))
    if _other_account(request, data):
        return _refused(_("Bài làm này của một tài khoản khác."), status=409)
    member = selectors.member_for_user(request.user)
    lesson = LessonPage.objects.live().filter(pk=data.get("lesson") or 0).first()
    if member is None or lesson is None:
        return _refused(_("Không tìm thấy bài học hoặc học viên."))
    try:
        submission = offline.offline_submission_apply(
            member=member,
            lesson=lesson,
            action=data.get("action"),
            key=data.get("key"),
            answers=data.get("answers"),
            made_at=data.get("made_at"),
            sent_at=data.get("sent_at"),
        )
    except ValidationError as error:
        return _refused(" ".join(error.messages))
    except PermissionDenied:
        return _refused(_("Bài làm này của một tài khoản khác."), status=409)
    return JsonResponse({**submission.result, "lesson": lesson.pk, "action": submission.action})


@require_POST
@never_cache
def rollcall_sync(request, pk):
    if not request.user.is_authenticated:
        return _signed_out()
    if not request.user.has_perm("attendance.manage_attendance"):
        return _refused(_("Bạn không có quyền điểm danh."), status=403)
    session = visible_session(request, pk)
    try:
        data = _payload(request)
    except ValidationError as error:
        return _refused(" ".join(error.messages))
    if _other_account(request, data):
        return _refused(_("Điểm danh này của một tài khoản khác."), status=409)
    try:
        mark = attendance_offline_mark(
            session=session,
            attendance_id=data.get("attendance") or 0,
            status=str(data.get("status") or ""),
            note=data.get("note"),
            reason=str(data.get("reason") or "")[:255],
            key=data.get("key"),
            made_at=data.get("made_at"),
            sent_at=data.get("sent_at"),
            by=request.user,
        )
    except ValidationError as error:
        return _refused(" ".join(messages_of(error)))
    except PermissionDenied:
        return _refused(_("Điểm danh này thuộc buổi tập huấn khác."), status=400)
    mark.attendance.refresh_from_db(fields=["status"])
    return JsonResponse(
        {
            "ok": mark.outcome != mark.Outcome.REFUSED,
            "outcome": mark.outcome,
            "attendance": mark.attendance_id,
            "status": mark.attendance.status,
            "status_label": AttendanceStatus(mark.attendance.status).label,
            "message": mark.message,
        }
    )
