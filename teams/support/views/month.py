"""The team leader's month: the team's records, their totals, and corrections.

A correction goes through ``support_record_update`` (allowed by ``selectors.may_correct``). A
month the province has approved is locked: the page says so instead of offering edit links, and
an edit sent anyway is answered with the same message (409), never with a 500."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lms.core.filters import fits_column

from ..choices import OUTCOMES, SKILLS
from ..entry_selectors import helpers_of, month_records, month_totals, teams_led_by
from ..forms import RecordEditForm, add_errors, parse_month
from ..models import SupportRecord
from ..selectors import may_correct, month_is_locked, month_start, records_for
from ..services import _locked_message, support_record_update


def month_url(team, month):
    query = urlencode({"thang": f"{month:%m/%Y}", "to": team.pk})
    return f"{reverse('support:month')}?{query}"


@login_required
def month_view(request):
    teams = list(teams_led_by(request.user))
    if not teams:
        return render(request, "support/not_leader.html", status=403)
    team = teams[0]
    wanted = request.GET.get("to")
    if wanted:
        picked = [t for t in teams if str(t.pk) == wanted.strip()]
        if not picked:
            return render(request, "support/not_leader.html", status=403)
        team = picked[0]
    month = month_start(timezone.localdate())
    if request.GET.get("thang"):
        parsed = parse_month(request.GET["thang"])
        if parsed is None:
            messages.error(request, _("Tháng không hợp lệ: ghi theo dạng MM/YYYY, ví dụ 10/2026."))
        else:
            month = parsed
    records = month_records(team, month)
    locked = month_is_locked(ward_id=team.ward_id, month=month)
    rows = [
        {
            "record": record,
            "skills": [label for name, label in SKILLS if getattr(record, name)],
            "outcomes": [
                (label, getattr(record, name)) for name, label in OUTCOMES if getattr(record, name)
            ],
        }
        for record in records
    ]
    totals = month_totals(records)
    previous = (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    context = {
        "team": team,
        "teams": teams,
        "month": month,
        "rows": rows,
        "totals": totals,
        "outcome_totals": [(label, totals[name]) for name, label in OUTCOMES],
        "locked": locked,
        "lock_message": _locked_message(SupportRecord(month=month, ward=team.ward))
        if locked
        else "",
        "previous_url": month_url(team, previous),
        "next_url": month_url(team, following) if following <= timezone.localdate() else None,
    }
    return render(request, "support/month.html", context)


@login_required
def record_edit(request, pk):
    if not fits_column(SupportRecord.objects.all(), None, pk):
        raise Http404
    record = get_object_or_404(records_for(request.user).select_related("team", "ward"), pk=pk)
    if not may_correct(request.user, record):
        raise PermissionDenied
    back = month_url(record.team, record.month)
    if month_is_locked(ward_id=record.ward_id, month=record.month):
        status = 409 if request.method == "POST" else 200
        context = {"record": record, "message": _locked_message(record), "back": back}
        return render(request, "support/record_locked.html", context, status=status)
    helpers = helpers_of([record.team])
    if request.method == "POST":
        form = RecordEditForm(request.POST, record=record, helpers=helpers)
        if form.is_valid():
            data = form.cleaned_data
            try:
                support_record_update(
                    record=record,
                    by=request.user,
                    helpers=data["helpers"],
                    date=data["date"],
                    place=data["place"],
                    people=data["people"],
                    **form.record_fields(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            except PermissionDenied:
                raise
            else:
                messages.success(
                    request,
                    _("Đã sửa lượt hỗ trợ ngày %(day)s.") % {"day": f"{data['date']:%d/%m/%Y}"},
                )
                return redirect(month_url(record.team, month_start(data["date"])))
    else:
        form = RecordEditForm(record=record, helpers=helpers)
    return render(
        request, "support/record_edit.html", {"form": form, "record": record, "back": back}
    )
