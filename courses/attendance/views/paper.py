"""The paper side of a session: the printable sign-in sheet, the roster as CSV/XLSX and the
upload of the filled sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.scoping import personal_data_visible
from lms.accounts.services import export_log_record
from lms.core.pdf import render_pdf
from lms.core.signing import sign_site_pdf
from lms.core.text import mask_digits

from .. import selectors, services
from ..forms import SheetUploadForm
from ..sheets import SHEET_EXTRA_ROWS, SheetError, roster_table, table_csv, table_xlsx
from .common import manage_required, messages_of, visible_session

# Lines left empty on the paper sheet for walk-ins.
BLANK_SHEET_ROWS = 10


def _roster_with_teams(session):
    rows = list(selectors.session_roster(session))
    return rows, selectors.memberships_active_team_names([r.member_id for r in rows])


@login_required
@manage_required
def sign_in_sheet(request, pk):
    session = visible_session(request, pk)
    rows, team_names = _roster_with_teams(session)
    for row in rows:
        row.team_name = team_names.get(row.member_id, "")
        row.phone_masked = mask_digits(row.member.phone, 3)
    # Signed with the office's key (lms.core.signing): a sheet sent out cannot be altered.
    pdf = render_pdf(
        "attendance/sign_in_sheet_pdf.html",
        {
            "session": session,
            "rows": rows,
            "blank_rows": range(BLANK_SHEET_ROWS),
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(sign_site_pdf(pdf), content_type="application/pdf")
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
    session = visible_session(request, pk)
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


# The error list of a bad sheet shows this many messages, then how many more there are.
SHOWN_ERRORS = 50


@login_required
@manage_required
def sheet_upload(request, pk):
    session = visible_session(request, pk)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    errors, warnings = [], []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.attendance_sheet_import(
                session=session,
                upload=form.cleaned_data["file"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except SheetError as error:
            errors, warnings = error.errors, getattr(error, "warnings", [])
        except ValidationError as error:
            errors = messages_of(error)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(
                request,
                _("Đã nhập phiếu điểm danh: %(n)s người thay đổi.") % {"n": len(result.changed)},
            )
            return redirect("attendance:session_detail", pk=session.pk)
    return render(
        request,
        "attendance/sheet_upload.html",
        {
            "session": session,
            "form": form,
            "errors": errors[:SHOWN_ERRORS],
            "errors_total": len(errors),
            "errors_more": max(len(errors) - SHOWN_ERRORS, 0),
            "warnings": warnings,
            "is_closed": session.is_closed(),
            "extra_rows": SHEET_EXTRA_ROWS,
        },
    )
