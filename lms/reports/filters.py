"""The filters every report shares: unit, course, topic, team level and period.

The reports aggregate several tables at once, so the FilterSet does not filter one queryset:
it validates the request (choices limited to the user's scope, so another unit's code is an
invalid choice) and turns it into :class:`~lms.reports.selectors.ReportParams` for the
selectors. Units are chosen by their official codes (``province=92``, ``ward=31333``), which is
what the province's reporting system knows them by.
"""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from wagtail.admin.filters import WagtailFilterSet

from courses.models import CoursePage, Topic
from lms.accounts.scoping import scope_for
from lms.core.filters import ModelChoiceFilter
from teams.choices import TeamLevel
from teams.models import Province, Ward

from .periods import MAX_YEAR, MIN_YEAR, Period, period_choices, period_parse
from .selectors import (
    BY_TEAM,
    BY_WARD,
    GAP_NO_TEAM,
    GAP_NO_TRAINED,
    attendance_params,
    report_params,
)

# The filters a request may name that are about *where* (answered 404 when not in the user's
# scope, so that a guess learns nothing); every other bad value is answered 400, naming it.
UNIT_FILTERS = ("province", "ward")
FIRST_DAY, LAST_DAY = datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)
NOT_A_CHOICE = _("không có trong danh sách chọn.")
NOT_A_DATE = _("không phải một ngày có thật (ngày/tháng/năm, ví dụ 30/09/2026).")


class PeriodField(filter_fields.ChoiceField):
    """Offers the usual periods but accepts any period code (``2026-m11``) from a URL."""

    def valid_value(self, value):
        return super().valid_value(value) or period_parse(value) is not None


class PeriodFilter(django_filters.ChoiceFilter):
    field_class = PeriodField


def _code(data, name):
    """A unit code from the request, or "" for anything that cannot be one (a NUL byte or a
    10,000-character value must not reach a query that renders the choices)."""
    value = (data or {}).get(name) or ""
    return value if value.isascii() and value.isalnum() and len(value) <= 10 else ""


def _choice(**kwargs):
    return {"error_messages": {"invalid_choice": NOT_A_CHOICE}, **kwargs}


class ReportFilterSet(WagtailFilterSet):
    province = ModelChoiceFilter(
        label=_("Tỉnh, thành phố"),
        queryset=Province.objects.none(),
        to_field_name="code",
        method="filter_unit",
    )
    ward = ModelChoiceFilter(
        label=_("Xã, phường"),
        queryset=Ward.objects.none(),
        to_field_name="code",
        method="filter_unit",
    )
    course = ModelChoiceFilter(
        label=_("Khóa học"), queryset=None, method="filter_unit", **_choice()
    )
    topic = ModelChoiceFilter(label=_("Chủ đề"), queryset=None, method="filter_unit", **_choice())
    team_level = django_filters.ChoiceFilter(
        label=_("Cấp tổ"), choices=TeamLevel.choices, method="filter_unit", **_choice()
    )
    period = PeriodFilter(
        label=_("Kỳ báo cáo"),
        choices=period_choices,
        empty_label=_("Năm nay"),
        method="filter_unit",
        **_choice(),
    )
    date_from = django_filters.DateFilter(
        label=_("Từ ngày"),
        method="filter_unit",
        help_text=_("Để trống nếu dùng kỳ báo cáo."),
        error_messages={"invalid": NOT_A_DATE},
    )
    date_to = django_filters.DateFilter(
        label=_("Đến ngày"), method="filter_unit", error_messages={"invalid": NOT_A_DATE}
    )

    class Meta:
        # The unit registry the filters choose from; the FilterSet's own queryset is not read.
        model = Ward
        fields = [
            "province",
            "ward",
            "course",
            "topic",
            "team_level",
            "period",
            "date_from",
            "date_to",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.scope = scope_for(request.user if request is not None else None)
        provinces = self.scope.apply(Province.objects.order_by("code"))
        # A ward's label names its province: read it in the same query, not one per ward.
        wards = self.scope.apply(Ward.objects.select_related("province").order_by("name"))
        province_code, ward_code = _code(data, "province"), _code(data, "ward")
        if province_code and not self.scope.ward_id:
            wards = wards.filter(province__code=province_code)
        elif self.scope.everything:
            # Nationally the ward choice follows the chosen province: no province, no list of
            # 3,321 wards, only the ward a link names (static/js/reports-wards.js refills it).
            wards = wards.filter(code=ward_code) if ward_code else wards.none()
            self.filters["ward"].extra["empty_label"] = _("Chọn tỉnh, thành phố trước")
        self.filters["province"].queryset = provinces
        self.filters["ward"].queryset = wards
        self._limit_or_drop("course", CoursePage, "title")
        self._limit_or_drop("topic", Topic, None)

    def _limit_or_drop(self, name, model, order_by):
        ordering = [order_by] if order_by else list(model._meta.ordering or ["pk"])
        self.filters[name].queryset = model._default_manager.order_by(*ordering)

    def filter_unit(self, queryset, name, value):
        """The reports read the cleaned values through :meth:`params`, not a queryset."""
        return queryset

    def clean_period(self):
        data = self.form.cleaned_data
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from or date_to:
            start = date_from or date_to.replace(month=1, day=1)
            end = date_to or max(date_from, timezone.localdate())
            return Period(start=start, end=end)
        return period_parse(data.get("period") or "year")

    def _check_dates(self):
        """Dates a report can cover, in order; errors go on the field they name."""
        form = self.form
        for name in ("date_from", "date_to"):
            value = form.cleaned_data.get(name)
            if value is not None and not FIRST_DAY <= value <= LAST_DAY:
                form.add_error(
                    name,
                    gettext("phải trong khoảng %(first)s – %(last)s.")
                    % {"first": f"{FIRST_DAY:%d/%m/%Y}", "last": f"{LAST_DAY:%d/%m/%Y}"},
                )
        date_from, date_to = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
        if date_from and date_to and date_to < date_from:
            form.add_error("date_to", gettext("phải sau hoặc bằng “Từ ngày”."))

    def is_valid(self):
        valid = super().is_valid()
        if valid and not getattr(self, "_dates_checked", False):
            self._dates_checked = True
            self._check_dates()
        return self.is_bound and self.form.is_valid()

    def bad_parameters(self):
        """``{parameter: message}`` for each filter value that is not a valid one (other than
        a unit, see :meth:`out_of_scope`), each message naming the filter and its parameter."""
        if self.is_valid():
            return {}
        return {
            name: gettext("%(label)s (tham số “%(name)s”): %(message)s")
            % {
                "label": self.form.fields[name].label,
                "name": name,
                "message": " ".join(str(m) for m in errors),
            }
            for name, errors in self.form.errors.items()
            if name not in UNIT_FILTERS and name in self.form.fields
        }

    def params(self):
        """The report parameters, clamped to the user's scope (see ``report_params``). Only
        for valid filters: see :meth:`out_of_scope` and :meth:`bad_parameters`."""
        data = self.form.cleaned_data if self.is_valid() else {}
        province, ward = data.get("province"), data.get("ward")
        course, topic = data.get("course"), data.get("topic")
        if ward is not None and province is None:
            province_id = ward.province_id
        else:
            province_id = province.pk if province else None
        return report_params(
            scope=self.scope,
            period=self.clean_period() if data else period_parse("year"),
            province_id=province_id,
            ward_id=ward.pk if ward else None,
            course_id=course.pk if course else None,
            topic_id=topic.pk if topic else None,
            team_level=data.get("team_level") or "",
            gap=data.get("gap") or "",
        )

    def out_of_scope(self):
        """Whether the request named a unit the user may not see (answered with 404)."""
        return not self.is_valid() and any(name in self.form.errors for name in UNIT_FILTERS)


class CoverageFilterSet(ReportFilterSet):
    gap = django_filters.ChoiceFilter(
        label=_("Chỉ hiện đơn vị"),
        choices=[
            (GAP_NO_TEAM, _("chưa có tổ")),
            (GAP_NO_TRAINED, _("chưa có ai được tập huấn")),
        ],
        empty_label=_("Tất cả"),
        method="filter_unit",
    )

    class Meta(ReportFilterSet.Meta):
        fields = [*ReportFilterSet.Meta.fields, "gap"]


class AttendanceFilterSet(ReportFilterSet):
    """The shared filters plus whether the rates are per team or per ward."""

    by = django_filters.ChoiceFilter(
        label=_("Theo"),
        choices=[(BY_TEAM, _("Tổ")), (BY_WARD, _("Xã, phường"))],
        empty_label=None,
        method="filter_unit",
    )

    class Meta(ReportFilterSet.Meta):
        fields = [*ReportFilterSet.Meta.fields, "by"]

    def params(self):
        data = self.form.cleaned_data if self.is_valid() else {}
        return attendance_params(super().params(), by=data.get("by") or BY_TEAM)


class SupportFilterSet(ReportFilterSet):
    """The shared filters without course and topic, which say nothing about support records."""

    class Meta(ReportFilterSet.Meta):
        fields = ["province", "ward", "team_level", "period", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("course", "topic"):
            self.filters.pop(name, None)
