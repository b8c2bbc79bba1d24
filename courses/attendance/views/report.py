"""The attendance-rate report moved to the reports app (``/admin/bao-cao/attendance/``), where
it has the other reports' scoping, filters, exports and JSON; the old address still works."""

from django.shortcuts import redirect
from django.urls import reverse


def rate_report(request):
    """Send old links and bookmarks to the report's new home, filters included."""
    url = reverse("reports_admin:attendance")
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)
