"""Wagtail's own reports are for administrators only.

Site history, page types usage, aging pages, locked pages, workflows and workflow tasks list
across the whole site: the site history shows every member's name and consent action in the
country to whoever has a model permission, whatever their province or ward. They know nothing
of the officers' scope, so rather than re-scope six third-party views they are closed to
everyone but superusers (403) and left out of the Reports menu; the project's own reports
(``lms.reports``) are the scoped ones officers use.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail import hooks

from lms.core import errors

# The menu item names Wagtail registers for them (wagtail/admin/wagtail_hooks.py).
BUILTIN_REPORT_MENU_ITEMS = {
    "locked-pages",
    "workflows",
    "workflow-tasks",
    "site-history",
    "aging-pages",
    "page-types-usage",
}


def superusers_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            # Answered here: Wagtail would turn a raised PermissionDenied into a redirect to
            # the dashboard with its own English message.
            denied = PermissionDenied(_("Báo cáo này chỉ dành cho quản trị viên hệ thống."))
            return errors.permission_denied(request, denied)
        return view(request, *args, **kwargs)

    wrapper.superusers_only = True
    return wrapper


def close_builtin_reports():
    """Wrap every view under ``wagtailadmin_reports`` (listings, results and their CSV/XLSX
    exports, which are the same views) in :func:`superusers_only`. Wagtail has no setting for
    who may open these reports."""
    from wagtail.admin.urls import reports

    for pattern in reports.urlpatterns:
        if not getattr(pattern.callback, "superusers_only", False):
            pattern.callback = superusers_only(pattern.callback)


@hooks.register("register_admin_urls")
def register_admin_urls():
    # Called while ``wagtail.admin.urls`` is built, after it imported the reports URLconf and
    # before anything resolves against it: the one moment to close them for every request.
    close_builtin_reports()
    return []


@hooks.register("construct_reports_menu")
def hide_builtin_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in BUILTIN_REPORT_MENU_ITEMS]
