"""Admin registration of the monthly reports, completeness and indicator screens, and the
labels of their audit-log actions. Imported by ``wagtail_hooks`` (Wagtail only discovers that
module name)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import admin_indicators, admin_monthly
from .indicators import may_manage_indicators

urlpatterns = [
    path("", admin_monthly.months_view, name="months"),
    path("<int:ward_id>/<int:year>/<int:month>/", admin_monthly.ward_month_view, name="ward_month"),
    path(
        "<int:ward_id>/<int:year>/<int:month>/gui/",
        admin_monthly.ward_month_submit_view,
        name="submit",
    ),
    path(
        "<int:ward_id>/<int:year>/<int:month>/duyet/",
        admin_monthly.ward_month_approve_view,
        name="approve",
    ),
    path(
        "<int:ward_id>/<int:year>/<int:month>/mo-lai/",
        admin_monthly.ward_month_reopen_view,
        name="reopen",
    ),
    path(
        "<int:ward_id>/<int:year>/<int:month>/tra-lai/",
        admin_monthly.ward_month_return_view,
        name="return",
    ),
    path("muc-do-day-du/", admin_monthly.completeness_view, name="completeness"),
    path("chi-tieu/", admin_indicators.indicators_view, name="indicators"),
    path("chi-tieu/nhap/", admin_indicators.indicators_import_view, name="indicators_import"),
]


@hooks.register("register_admin_urls")
def register_monthly_urls():
    return [path("ho-tro/thang/", include((urlpatterns, "support_monthly")))]


class OfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_indicators(request.user)


MENU = [
    ("support-months", _("Báo cáo tháng hỗ trợ người dân"), "months", "date"),
    ("support-completeness", _("Mức độ đầy đủ báo cáo hỗ trợ"), "completeness", "tasks"),
    ("support-indicators", _("Chỉ tiêu địa bàn"), "indicators", "table"),
]


def menu_items():
    """The three screens' menu items (a submenu may hold them instead of the top menu)."""
    return [
        OfficerMenuItem(
            label,
            reverse_lazy(f"support_monthly:{view}"),
            name=name,
            icon_name=icon,
            order=211 + index,
        )
        for index, (name, label, view, icon) in enumerate(MENU)
    ]


@hooks.register("register_admin_menu_item")
def register_months_menu_item():
    return menu_items()[0]


@hooks.register("register_admin_menu_item")
def register_completeness_menu_item():
    return menu_items()[1]


@hooks.register("register_admin_menu_item")
def register_indicators_menu_item():
    return menu_items()[2]


class _ReasonFormatter(LogFormatter):
    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason", "")
        return f"{self.message}: {reason}" if reason else str(self.message)


@hooks.register("register_log_actions")
def register_monthly_log_actions(actions):
    actions.register_action(
        "support.month_submit", _("Gửi báo cáo tháng"), _("Đã gửi báo cáo tháng")
    )
    actions.register_action(
        "support.month_approve", _("Duyệt báo cáo tháng"), _("Đã duyệt báo cáo tháng")
    )

    @actions.register_action("support.month_reopen")
    class Reopen(_ReasonFormatter):
        label = _("Mở lại báo cáo tháng")
        message = _("Đã mở lại báo cáo tháng, lý do")

    @actions.register_action("support.month_return")
    class Return(_ReasonFormatter):
        label = _("Trả lại báo cáo tháng")
        message = _("Đã trả lại báo cáo tháng, lý do")

    actions.register_action(
        "support.indicator_set", _("Cập nhật chỉ tiêu địa bàn"), _("Đã cập nhật chỉ tiêu địa bàn")
    )
    actions.register_action(
        "support.indicator_clear", _("Xóa số liệu chỉ tiêu"), _("Đã để trống chỉ tiêu địa bàn")
    )
