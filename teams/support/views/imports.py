"""The tally-sheet import, in two places with one flow: the admin (ward and province officers,
for the teams in their scope) and the public site (a team leader, for the teams they lead).

Step 1 checks the file (``support_records_import`` with ``dry_run``: the rows go through the
service inside a transaction that is rolled back) and shows the preview; the file waits in the
database (``teams.services.pending_import_store``) under a one-use token. Step 2 imports it."""

import secrets
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.spreadsheets import SpreadsheetError
from teams.choices import TeamStatus
from teams.models import CommunityTeam
from teams.services import pending_import_store, pending_import_take

from ..entry_selectors import teams_led_by
from ..forms import ImportForm
from ..imports import support_records_import, template_xlsx

SESSION_KEY = "support_import"
PREVIEW_LIMIT = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def officer_teams(user):
    if not user.has_perm("support.add_supportrecord") or scope_for(user).nothing:
        raise PermissionDenied
    return scope_queryset(
        user, CommunityTeam.objects.filter(status=TeamStatus.ACTIVE).select_related("hamlet")
    )


def _flow(request, *, teams, templates, urls):
    """The two steps; ``templates`` = (upload, preview), ``urls`` = (self, done, template)."""
    upload_template, preview_template = templates
    self_url, done_url, template_url = urls
    context = {"template_url": template_url, "self_url": self_url, "limit": PREVIEW_LIMIT}
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(
            request,
            teams=teams,
            template=preview_template,
            context=context,
            self_url=self_url,
            done_url=done_url,
        )
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            encoding = form.cleaned_data["encoding"]
            try:
                report = support_records_import(
                    file=data,
                    file_name=upload.name,
                    user=request.user,
                    teams=teams,
                    dry_run=True,
                    encoding=encoding,
                )
            except SpreadsheetError as exc:
                form.add_error("file", str(exc))
            else:
                previous = request.session.get(SESSION_KEY) or {}
                if previous.get("token"):
                    pending_import_take(user=request.user, token=previous["token"])
                if report.ok and report.created:
                    suffix = Path(upload.name).suffix.lower()
                    token = pending_import_store(user=request.user, data=data, suffix=suffix)
                    request.session[SESSION_KEY] = {
                        "token": token,
                        "name": Path(upload.name).name[:200],
                        "encoding": encoding,
                    }
                    context["token"] = token
                context.update(report=report, file_name=upload.name)
                return render(request, preview_template, context)
    else:
        form = ImportForm()
    context["form"] = form
    return render(request, upload_template, context)


def _confirm(request, *, teams, template, context, self_url, done_url):
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    taken = None
    if pending and secrets.compare_digest(pending.get("token", "").encode(), token.encode()):
        taken = pending_import_take(user=request.user, token=token)
        request.session.pop(SESSION_KEY, None)
    if taken is None:
        messages.error(request, _("Phiên nhập đã hết hạn; hãy tải tệp lên lại."))
        return redirect(self_url)
    data, suffix = taken
    try:
        report = support_records_import(
            file=data,
            file_name=f"x{suffix}",
            user=request.user,
            teams=teams,
            dry_run=False,
            encoding=pending.get("encoding", "auto"),
        )
    except SpreadsheetError as exc:
        messages.error(request, str(exc))
        return redirect(self_url)
    if not report.saved:
        context.update(report=report, file_name=pending.get("name", ""))
        return render(request, template, context)
    messages.success(
        request,
        _(
            "Đã nhập %(created)s lượt hỗ trợ (%(people)s người dân); %(existing)s dòng đã có từ "
            "lần nhập trước."
        )
        % {"created": report.created, "people": report.people, "existing": report.existing},
    )
    return redirect(done_url)


def _template_response():
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-phieu-tong-hop-ho-tro.xlsx"'
    return response


def _urls(namespace, done):
    """(the import, where a saved import lands, the template) in ``namespace``."""
    return (
        reverse(f"{namespace}:import"),
        reverse(done),
        reverse(f"{namespace}:import_template"),
    )


# --- In the admin (officers) -------------------------------------------------------------------

ADMIN_TEMPLATES = ("support/admin/import.html", "support/admin/import_preview.html")
SITE_TEMPLATES = ("support/import.html", "support/import_preview.html")


def admin_import(request):
    urls = _urls("support_record", "support_record:index")
    teams = officer_teams(request.user)
    return _flow(request, teams=teams, templates=ADMIN_TEMPLATES, urls=urls)


def admin_import_template(request):
    officer_teams(request.user)
    return _template_response()


# --- On the site (team leaders) ----------------------------------------------------------------


def _leader_teams(user):
    teams = teams_led_by(user)
    if not teams.exists():
        raise PermissionDenied
    return teams


@login_required
def leader_import(request):
    urls = _urls("support", "support:month")
    teams = _leader_teams(request.user)
    return _flow(request, teams=teams, templates=SITE_TEMPLATES, urls=urls)


@login_required
def leader_import_template(request):
    _leader_teams(request.user)
    return _template_response()
