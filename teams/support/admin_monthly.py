"""Admin screens of the monthly ward reports and of completeness (issue 17.5).

"Báo cáo tháng hỗ trợ người dân": a ward officer sees their ward's months and submits one; a
province officer sees the wards' months and approves, reopens or returns them. Every write is a
service call (``monthly``); a ward outside the user's scope is a 404 whatever URL is typed, and
no message names anything outside it. "Mức độ đầy đủ báo cáo" renders
``completeness.completeness`` with its XLSX download.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.accounts.choices import Role
from lms.accounts.scoping import scope_for, scope_queryset
from lms.accounts.viewsets import add_service_errors
from teams.models import Ward

from .choices import MonthStatus
from .completeness import (
    SILENT_LIMIT,
    completeness,
    deadline,
    expected_teams,
    month_end,
    months_between,
    province_month,
    province_month_summary,
    silent_teams,
    ward_months,
)
from .forms_monthly import (
    CompletenessFilterForm,
    MonthFilterForm,
    ReasonForm,
    last_month,
    parse_month_value,
    recent_months,
)
from .indicators import may_manage_indicators
from .models import SupportRecord, WardMonth
from .monthly import (
    may_approve,
    may_submit,
    ward_month_approve,
    ward_month_reopen,
    ward_month_return,
    ward_month_submit,
)
from .sheets_monthly import xlsx_bytes

may_open = may_manage_indicators  # the same officers: ward, province, administrators


def _officer(request):
    if not may_open(request.user):
        raise PermissionDenied


def _ward_or_404(request, ward_id):
    return get_object_or_404(
        scope_queryset(request.user, Ward.objects.select_related("province")), pk=ward_id
    )


def _month_or_404(year, month):
    try:
        return datetime.date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc


def month_url(ward, month):
    return reverse("support_monthly:ward_month", args=[ward.pk, month.year, month.month])


def months_view(request):
    _officer(request)
    user = request.user
    if user.role == Role.WARD_OFFICER:
        ward = _ward_or_404(request, user.ward_id)
        rows = ward_months(ward=ward, months=recent_months(12))
        return render(
            request,
            "support/monthly/ward_months.html",
            {"ward": ward, "rows": rows, "today": timezone.localdate(), "month_end": month_end},
        )
    form = MonthFilterForm(request.GET or None, user=user)
    month, province_id = last_month(), None
    if form.is_valid():
        month = parse_month_value(form.cleaned_data["month"]) or month
        province = form.cleaned_data.get("province")
        province_id = province.pk if province else None
    rows = province_month(user=user, month=month, province_id=province_id)
    summary = None
    if province_id is None and scope_for(user).everything:
        # Nationally: one line per province, each linking to its wards.
        summary, rows = province_month_summary(rows), []
    return render(
        request,
        "support/monthly/province_months.html",
        {
            "form": form,
            "month": month,
            "rows": rows,
            "summary": summary,
            "deadline": deadline(month),
        },
    )


def ward_month_view(request, ward_id, year, month):
    _officer(request)
    ward = _ward_or_404(request, ward_id)
    month = _month_or_404(year, month)
    ward_month = WardMonth.objects.filter(ward=ward, month=month).first()
    teams = list(expected_teams(ward=ward, month=month))
    reporting = set(
        SupportRecord.objects.filter(ward=ward, month=month)
        .values_list("team_id", flat=True)
        .distinct()
    )
    records = SupportRecord.objects.filter(ward=ward, month=month).count()
    status = ward_month.status if ward_month else MonthStatus.OPEN
    context = {
        "ward": ward,
        "month": month,
        "ward_month": ward_month,
        "status": status,
        "status_label": MonthStatus(status).label,
        "teams": teams,
        "silent": [team for team in teams if team.pk not in reporting],
        "reporting_count": sum(1 for team in teams if team.pk in reporting),
        "records": records,
        "can_submit": status == MonthStatus.OPEN
        and may_submit(request.user, ward)
        and timezone.localdate() >= month_end(month),
        "submittable_from": month_end(month),
        "can_decide": may_approve(request.user, ward),
        "deadline": deadline(month),
        "reason_form": ReasonForm(),
    }
    return render(request, "support/monthly/ward_month.html", context)


def _run(request, call, done):
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


@require_POST
def ward_month_submit_view(request, ward_id, year, month):
    _officer(request)
    ward = _ward_or_404(request, ward_id)
    month = _month_or_404(year, month)
    if not may_submit(request.user, ward):
        raise PermissionDenied
    _run(
        request,
        lambda: ward_month_submit(ward=ward, month=month, by=request.user),
        _("Đã gửi báo cáo tháng %(month)s.") % {"month": f"{month:%m/%Y}"},
    )
    return redirect(month_url(ward, month))


def _ward_month_or_404(request, ward_id, year, month):
    _officer(request)
    ward = _ward_or_404(request, ward_id)
    month = _month_or_404(year, month)
    ward_month = get_object_or_404(WardMonth, ward=ward, month=month)
    if not may_approve(request.user, ward):
        raise PermissionDenied
    return ward, month, ward_month


@require_POST
def ward_month_approve_view(request, ward_id, year, month):
    ward, month, ward_month = _ward_month_or_404(request, ward_id, year, month)
    _run(
        request,
        lambda: ward_month_approve(ward_month=ward_month, by=request.user),
        _("Đã duyệt báo cáo tháng %(month)s.") % {"month": f"{month:%m/%Y}"},
    )
    return redirect(month_url(ward, month))


def _reason_view(request, ward_id, year, month, *, service, title, done):
    ward, month, ward_month = _ward_month_or_404(request, ward_id, year, month)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(ward_month=ward_month, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done % {"month": f"{month:%m/%Y}"})
            return redirect(month_url(ward, month))
    return render(
        request,
        "support/monthly/reason.html",
        {
            "form": form,
            "title": title,
            "ward": ward,
            "month": month,
            "cancel_url": month_url(ward, month),
        },
    )


def ward_month_reopen_view(request, ward_id, year, month):
    return _reason_view(
        request,
        ward_id,
        year,
        month,
        service=ward_month_reopen,
        title=_("Mở lại báo cáo tháng"),
        done=_("Đã mở lại báo cáo tháng %(month)s."),
    )


def ward_month_return_view(request, ward_id, year, month):
    return _reason_view(
        request,
        ward_id,
        year,
        month,
        service=ward_month_return,
        title=_("Trả lại báo cáo tháng"),
        done=_("Đã trả lại báo cáo tháng %(month)s cho xã, phường."),
    )


# --- Completeness ------------------------------------------------------------------------------


def _completeness_filters(request):
    form = CompletenessFilterForm(request.GET or None, user=request.user)
    first = last = last_month()
    province_id = ward_id = None
    if form.is_valid():
        data = form.cleaned_data
        first = parse_month_value(data["month_from"]) or first
        last = parse_month_value(data["month_to"]) or last
        if first > last:
            first, last = last, first
        province_id = data["province"].pk if data.get("province") else None
        ward_id = data["ward"].pk if data.get("ward") else None
    return form, months_between(first, last), province_id, ward_id


def completeness_view(request):
    _officer(request)
    form, months, province_id, ward_id = _completeness_filters(request)
    result = completeness(
        user=request.user, months=months, province_id=province_id, ward_id=ward_id
    )
    silent = silent_teams(user=request.user, province_id=province_id, ward_id=ward_id)
    if request.GET.get("export") == "xlsx":
        return _completeness_xlsx(result, silent)
    silent_list = list(silent[: SILENT_LIMIT + 1])
    return render(
        request,
        "support/monthly/completeness.html",
        {
            "form": form,
            "result": result,
            "first": months[0],
            "last": months[-1],
            "silent": silent_list[:SILENT_LIMIT],
            "silent_more": len(silent_list) > SILENT_LIMIT,
            "silent_limit": SILENT_LIMIT,
            "export_query": _with_export(request),
        },
    )


def _with_export(request):
    query = request.GET.copy()
    query["export"] = "xlsx"
    return query.urlencode()


def _pct(value):
    return "" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _completeness_xlsx(result, silent):
    unit = _("Tỉnh, thành phố") if result.by == "province" else _("Xã, phường")
    header = [
        unit,
        _("Báo cáo phải gửi"),
        _("Đã gửi"),
        _("Tỷ lệ đã gửi"),
        _("Gửi đúng hạn"),
        _("Tỷ lệ đúng hạn"),
        _("Đã duyệt"),
        _("Tổ phải báo cáo"),
        _("Tổ có ghi nhận"),
        _("Tỷ lệ tổ có ghi nhận"),
    ]

    def line(name, row):
        return [
            name,
            row.reports_expected,
            row.reports_submitted,
            _pct(row.submitted_rate),
            row.reports_on_time,
            _pct(row.on_time_rate),
            row.reports_approved,
            row.teams_expected,
            row.teams_reporting,
            _pct(row.teams_reporting_rate),
        ]

    rows = [header]
    rows += [line(row.name, row) for row in result.rows]
    rows.append(line(_("Tổng cộng"), result.total))
    rows += [[], [_("Tổ không có ghi nhận trong %(days)s ngày qua") % {"days": 60}]]
    rows.append([_("Tổ"), _("Xã, phường"), _("Tỉnh, thành phố"), _("Ghi nhận gần nhất")])
    for team in silent[:SILENT_LIMIT]:
        last = team["last_record"]
        rows.append(
            [
                team["name"],
                team["ward__name"],
                team["ward__province__name"],
                f"{last:%d/%m/%Y}" if last else _("Chưa có"),
            ]
        )
    data = xlsx_bytes(
        title=_("Mức độ đầy đủ"), rows=rows, widths=[36, 14, 10, 12, 12, 12, 10, 14, 14, 14]
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"muc-do-day-du-bao-cao-ho-tro-{result.months[0]:%Y-%m}-{result.months[-1]:%Y-%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
