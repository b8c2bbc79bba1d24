"""Admin screens of the area indicators (issue 17.4): a grid per ward and period (rows: the
ward and its active hamlets; columns: the indicators) and the XLSX import. Blank is empty, 0
is a figure. Every change goes through ``indicators.indicator_set`` / ``indicator_clear``, all
cells of one grid in one transaction; a ward outside the user's scope is a 404."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lms.accounts.choices import Role
from lms.accounts.scoping import scope_queryset
from lms.accounts.viewsets import add_service_errors
from teams.models import Hamlet, Ward

from .choices import IndicatorKind
from .forms_monthly import ImportForm, IndicatorAreaForm, IndicatorGridForm
from .indicators import (
    import_template,
    indicator_clear,
    indicator_import,
    indicator_set,
    indicators_grid,
    may_manage_indicators,
)


@dataclass
class Area:
    key: str
    label: str
    hamlet: Hamlet | None

    @property
    def hamlet_id(self):
        return self.hamlet.pk if self.hamlet else None


def _areas(ward):
    hamlets = Hamlet.objects.filter(ward=ward, is_active=True).order_by("name")
    return [Area("w", _("Toàn xã, phường"), None)] + [Area(f"h{h.pk}", h.name, h) for h in hamlets]


def _officer(request):
    if not may_manage_indicators(request.user):
        raise PermissionDenied


def _area_form(request):
    user = request.user
    initial = {"year": timezone.localdate().year, "month": 0}
    if user.role == Role.WARD_OFFICER and user.ward_id:
        initial["ward"] = user.ward_id
    data = request.GET if "ward" in request.GET else None
    form = IndicatorAreaForm(data, user=user, initial=initial)
    if data is None:
        form = IndicatorAreaForm(
            {k: v for k, v in initial.items() if v is not None}, user=user, initial=initial
        )
    return form


def indicators_view(request):
    _officer(request)
    area_form = _area_form(request)
    if not area_form.is_valid():
        return render(
            request, "support/indicators/grid.html", {"area_form": area_form, "grid": None}
        )
    ward = area_form.cleaned_data["ward"]
    # The form's queryset is already scoped; looked up again so a forged id is a 404.
    ward = scope_queryset(request.user, Ward.objects.all()).filter(pk=ward.pk).first()
    if ward is None:
        raise PermissionDenied
    year, month = area_form.cleaned_data["year"], area_form.cleaned_data["month"] or 0
    areas = _areas(ward)
    known = indicators_grid(ward=ward, year=year, month=month)
    form = IndicatorGridForm(request.POST or None, areas=areas, known=known)
    if request.method == "POST" and form.is_valid():
        try:
            changed = _save_grid(request.user, ward, year, month, form, areas, known)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu %(n)s số liệu thay đổi.") % {"n": changed})
            query = urlencode({"ward": ward.pk, "year": year, "month": month})
            return redirect(f"{reverse('support_monthly:indicators')}?{query}")
    rows = [
        (
            area,
            [
                (form[form.cell_name(area, kind)], known.get((area.hamlet_id, kind)))
                for kind in IndicatorKind.values
            ],
        )
        for area in areas
    ]
    return render(
        request,
        "support/indicators/grid.html",
        {
            "area_form": area_form,
            "grid": form,
            "rows": rows,
            "kinds": IndicatorKind.choices,
            "ward": ward,
            "year": year,
            "month": month,
        },
    )


@transaction.atomic
def _save_grid(user, ward, year, month, form, areas, known):
    changed = 0
    source = form.cleaned_data["source"]
    for area in areas:
        for kind in IndicatorKind.values:
            value = form.cleaned_data[form.cell_name(area, kind)]
            before = known.get((area.hamlet_id, kind))
            where = {"ward": ward, "hamlet": area.hamlet, "year": year, "month": month}
            if value is None:
                if before is not None:
                    indicator_clear(**where, kind=kind, by=user)
                    changed += 1
            elif before is None or before.value != value:
                indicator_set(**where, kind=kind, value=value, source=source, by=user)
                changed += 1
    return changed


def indicators_import_view(request):
    _officer(request)
    if "mau" in request.GET:
        return _template(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = indicator_import(upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã nhập: %(changed)s số liệu mới hoặc thay đổi, %(same)s số liệu không đổi.")
                % {"changed": result.changed, "same": result.unchanged},
            )
            return redirect("support_monthly:indicators")
    return render(request, "support/indicators/import.html", {"form": form})


def _template(request):
    area_form = _area_form(request)
    if not area_form.is_valid():
        raise PermissionDenied
    ward = area_form.cleaned_data["ward"]
    year = area_form.cleaned_data["year"]
    data = import_template(ward=ward, year=year)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{ward.code}-{year}.xlsx"'
    return response
