"""Thin views: the member import in the admin, the template download, the public finder."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.spreadsheets import SpreadsheetError
from lms.jobs.choices import JobStatus
from lms.jobs.selectors import job_for_user

from . import selectors, spreadsheets
from .forms import FindTeamForm, MemberImportForm
from .import_jobs import JOB_KIND, import_should_queue, member_import_queue, report_from_data
from .models import Member, Ward
from .services import member_import, pending_import_store, pending_import_take

# The session keeps the token and the preview's choices; the file waits in the database
# (``PendingImport``), so the confirmation may reach any app server.
IMPORT_SESSION_KEY = "teams_member_import"
PREVIEW_LIMIT = 200


def _check_import_permission(user):
    if not user.has_perm("teams.add_member") or scope_for(user).nothing:
        raise PermissionDenied


def _import_ward(user, form_ward):
    """A ward officer may import only into their own ward, whatever the form says."""
    if user.ward_id and not scope_for(user).everything:
        return Ward.objects.select_related("province").get(pk=user.ward_id)
    return form_ward


def member_import_view(request):
    user = request.user
    _check_import_permission(user)
    context = {"template_url": reverse("teams_member:import_template")}
    if request.method == "POST" and request.POST.get("token"):
        return _member_import_confirm(request)
    if request.method == "GET" and request.GET.get("job"):
        return _member_import_job_result(request, context)
    if request.method == "POST":
        form = MemberImportForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            ward = _import_ward(user, form.cleaned_data.get("ward"))
            if _queued(data, form.suffix):
                return _member_import_preview_queue(request, form, upload, data, ward)
            try:
                report = member_import(
                    file=data,
                    file_name=upload.name,
                    user=user,
                    dry_run=True,
                    create_hamlets=form.cleaned_data["create_hamlets"],
                    ward=ward,
                    encoding=form.cleaned_data["encoding"],
                )
            except SpreadsheetError as exc:
                form.add_error("file", str(exc))
            else:
                if report.ok:
                    context["token"] = _preview_keep(request, form, upload, data, ward)
                context.update(report=report, file_name=upload.name, limit=PREVIEW_LIMIT)
                return render(request, "teams/admin/member_import_preview.html", context)
    else:
        form = MemberImportForm(user=user)
    context["form"] = form
    return render(request, "teams/admin/member_import.html", context)


def _preview_keep(request, form, upload, data, ward, *, queued=False):
    """Keep the upload for the confirmation (a new preview replaces the one this session was
    waiting on) and remember its choices in the session. Returns the token."""
    user = request.user
    previous = request.session.get(IMPORT_SESSION_KEY) or {}
    if previous.get("token"):
        pending_import_take(user=user, token=previous["token"])
    token = pending_import_store(user=user, data=data, suffix=form.suffix)
    request.session[IMPORT_SESSION_KEY] = {
        "token": token,
        "name": Path(upload.name).name[:200],
        "create_hamlets": form.cleaned_data["create_hamlets"],
        "ward": ward.pk if ward else None,
        "encoding": form.cleaned_data["encoding"],
        **({"queued": True} if queued else {}),
    }
    return token


def _queued(data, suffix):
    return getattr(settings, "LMS_JOBS_QUEUE", True) and import_should_queue(
        size=len(data), suffix=suffix
    )


def _member_import_preview_queue(request, form, upload, data, ward):
    """A big list: keep the upload and let the job worker check it (``import_jobs``)."""
    user = request.user
    token = _preview_keep(request, form, upload, data, ward, queued=True)
    job = member_import_queue(
        user=user,
        token=token,
        name=upload.name,
        ward_id=ward.pk if ward else None,
        create_hamlets=form.cleaned_data["create_hamlets"],
        encoding=form.cleaned_data["encoding"],
        dry_run=True,
    )
    return redirect(job.get_absolute_url())


def _member_import_job_result(request, context):
    """The finished job of a big list: its preview (with the confirmation button while the
    upload still waits in this session) or, once confirmed, the same message as a small list."""
    job = job_for_user(user=request.user, pk=_uuid_or_404(request.GET["job"]), with_result=True)
    if job.kind != JOB_KIND:
        raise Http404
    if job.status != JobStatus.DONE or job.result is None:
        return redirect(job.get_absolute_url())
    report = report_from_data(job.result)
    name = job.params.get("name", "")
    if not job.params.get("dry_run"):
        if report.saved:
            return _imported(request, report)
        return render(
            request,
            "teams/admin/member_import_preview.html",
            {"report": report, "file_name": name, "limit": PREVIEW_LIMIT},
        )
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    if report.ok and pending.get("token") == job.params.get("token"):
        context["token"] = pending["token"]
    context.update(report=report, file_name=name, limit=PREVIEW_LIMIT)
    return render(request, "teams/admin/member_import_preview.html", context)


def _uuid_or_404(value):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise Http404 from exc


def _imported(request, report):
    messages.success(
        request,
        _("Đã nhập %(rows)s dòng: thêm %(created)s người, cập nhật %(updated)s người.")
        % {
            "rows": report.total_rows,
            "created": len(report.created),
            "updated": len(report.updated),
        },
    )
    return redirect("teams_member:index")


def _member_import_confirm(request):
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    taken = None
    # Bytes, not str: compare_digest refuses non-ASCII text, and the token comes from the form.
    matches = bool(pending) and secrets.compare_digest(
        pending.get("token", "").encode(), token.encode()
    )
    if matches and pending.get("queued"):
        # A big list: the job worker imports it and takes the upload (import_jobs).
        request.session.pop(IMPORT_SESSION_KEY, None)
        ward = Ward.objects.filter(pk=pending["ward"]).first() if pending["ward"] else None
        ward = _import_ward(request.user, ward)
        job = member_import_queue(
            user=request.user,
            token=token,
            name=pending["name"],
            ward_id=ward.pk if ward else None,
            create_hamlets=pending["create_hamlets"],
            encoding=pending.get("encoding", "auto"),
            dry_run=False,
        )
        return redirect(job.get_absolute_url())
    if matches:
        # One use, whatever the import then does: an import that finds errors shows them and
        # the user uploads again.
        taken = pending_import_take(user=request.user, token=token)
        request.session.pop(IMPORT_SESSION_KEY, None)
    if taken is None:
        messages.error(request, _("Phiên nhập đã hết hạn; hãy tải tệp lên lại."))
        return redirect("teams_member:import")
    data, suffix = taken
    ward = Ward.objects.filter(pk=pending["ward"]).first() if pending["ward"] else None
    ward = _import_ward(request.user, ward)
    report = member_import(
        file=data,
        file_name=f"x{suffix}",
        user=request.user,
        dry_run=False,
        create_hamlets=pending["create_hamlets"],
        ward=ward,
        encoding=pending.get("encoding", "auto"),
    )
    if not report.saved:
        # The data changed between preview and confirmation: show the problems again.
        return render(
            request,
            "teams/admin/member_import_preview.html",
            {"report": report, "file_name": pending["name"], "limit": PREVIEW_LIMIT},
        )
    return _imported(request, report)


def member_import_template_view(request):
    _check_import_permission(request.user)
    response = HttpResponse(
        spreadsheets.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-thanh-vien.xlsx"'
    return response


@require_GET
def find_team(request):
    """Public: province -> ward -> hamlet, then the team and the contacts who agreed to be
    shown. Works as plain GET forms; the small script only submits on change."""
    form = FindTeamForm(request.GET or None)
    ward = hamlet = None
    teams = []
    if form.is_bound and form.is_valid():
        ward = form.cleaned_data.get("ward")
        hamlet = form.cleaned_data.get("hamlet")
        if ward is not None:
            teams = list(selectors.public_teams(ward=ward, hamlet=hamlet))
    return render(
        request,
        "teams/find_team.html",
        {"form": form, "ward": ward, "hamlet": hamlet, "teams": teams},
    )


@login_required
def member_detail(request, pk):
    """The canonical link to a person: their admin page, for those whose scope covers them."""
    member = get_object_or_404(scope_queryset(request.user, Member.objects.all()), pk=pk)
    if not request.user.has_perm("teams.view_member") and not request.user.has_perm(
        "teams.change_member"
    ):
        raise Http404
    return redirect("teams_member:inspect", member.pk)
