"""The Reports menu entries, the admin URLs and the officer's home-page panel."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from lms.accounts.scoping import scope_for
from lms.core.db_router import replica_reads

from . import admin_urls
from .selectors import dashboard_figures, report_unit_name
from .tables import TITLES
from .views import can_view_reports


class ReportMenuItem(MenuItem):
    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def is_shown(self, request):
        return can_view_reports(request.user, self.kind)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("bao-cao/", include(admin_urls, namespace="reports_admin"))]


def _menu_item(kind, icon, order):
    @hooks.register("register_reports_menu_item")
    def register():
        return ReportMenuItem(
            TITLES[kind],
            reverse(f"reports_admin:{kind}"),
            name=f"report-{kind}",
            icon_name=icon,
            order=order,
            kind=kind,
        )

    return register


register_coverage = _menu_item("coverage", "table", 10)
register_staffing = _menu_item("staffing", "group", 11)
register_activity = _menu_item("activity", "date", 12)
register_attendance = _menu_item("attendance", "tasks", 13)
register_support = _menu_item("support", "user", 14)


class CoveragePanel(Component):
    """Key coverage figures for the officer's own province or ward, on the admin home page."""

    name = "report_coverage"
    order = 50
    template_name = "reports/admin/home_panel.html"

    def __init__(self, figures):
        self.figures = figures

    def get_context_data(self, parent_context):
        return {
            "totals": self.figures["totals"],
            "unit_name": report_unit_name(params=self.figures["params"]),
        }


@hooks.register("construct_homepage_panels")
def add_coverage_panel(request, panels):
    if not can_view_reports(request.user):
        return
    scope = scope_for(request.user)
    with replica_reads():
        figures = dashboard_figures(scope=scope)
    if figures is not None:
        panels.append(CoveragePanel(figures))
