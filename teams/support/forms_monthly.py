"""Forms of the monthly report, completeness and indicator screens. They collect input only;
every rule is in the services (``monthly``, ``indicators``)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.scoping import scope_queryset
from teams.models import Province, Ward

from .choices import IndicatorKind, IndicatorSource
from .completeness import MAX_MONTHS


def recent_months(count=MAX_MONTHS, today=None):
    """The current month and the ``count - 1`` before it, newest first."""
    month = (today or timezone.localdate()).replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


def last_month(today=None):
    return recent_months(2, today)[1]


def _month_choices():
    return [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in recent_months()]


def parse_month_value(value):
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=255, widget=forms.Textarea(attrs={"rows": 3})
    )


class _ScopedUnitsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = scope_queryset(user, Province.objects.order_by("name"))
        wards = scope_queryset(user, Ward.objects.order_by("name"))
        if "province" in self.fields:
            self.fields["province"].queryset = provinces
            if provinces.count() <= 1:
                del self.fields["province"]
        if "ward" in self.fields:
            self.fields["ward"].queryset = wards


class MonthFilterForm(_ScopedUnitsForm):
    month = forms.ChoiceField(label=_("Tháng"), required=False)
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=Province.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = _month_choices()


class CompletenessFilterForm(_ScopedUnitsForm):
    month_from = forms.ChoiceField(label=_("Từ tháng"), required=False)
    month_to = forms.ChoiceField(label=_("Đến tháng"), required=False)
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=Province.objects.none(), required=False
    )
    ward = forms.ModelChoiceField(
        label=_("Xã, phường"), queryset=Ward.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month_from"].choices = _month_choices()
        self.fields["month_to"].choices = _month_choices()


class IndicatorAreaForm(_ScopedUnitsForm):
    ward = forms.ModelChoiceField(label=_("Xã, phường"), queryset=Ward.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2099)
    month = forms.TypedChoiceField(
        label=_("Kỳ"),
        coerce=int,
        choices=[(0, _("Cả năm"))] + [(m, _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)],
        initial=0,
        required=False,
        empty_value=0,
    )


class IndicatorGridForm(forms.Form):
    """One number per area and kind; blank means empty (no figure), 0 is a figure."""

    source = forms.ChoiceField(
        label=_("Nguồn của các số liệu thay đổi"),
        choices=[
            (IndicatorSource.ENTERED, IndicatorSource.ENTERED.label),
            (IndicatorSource.OFFICIAL, IndicatorSource.OFFICIAL.label),
        ],
        initial=IndicatorSource.ENTERED,
    )

    def __init__(self, *args, areas, known, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            for kind in IndicatorKind.values:
                name = self.cell_name(area, kind)
                figure = known.get((area.hamlet_id, kind))
                self.fields[name] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    label=f"{area.label} – {IndicatorKind(kind).label}",
                    initial=figure.value if figure else None,
                    widget=forms.NumberInput(attrs={"class": "support-cell", "min": 0}),
                )

    @staticmethod
    def cell_name(area, kind):
        return f"c_{area.key}_{kind}"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp số liệu (.xlsx hoặc .csv)"))
