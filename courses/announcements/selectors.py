"""Reads of announcements for the public site."""

from urllib.parse import urlencode

from django.core.paginator import Paginator

from ..models import Announcement
from .filters import AnnouncementFilterSet

PER_PAGE = 10


def published_announcements():
    return Announcement.objects.filter(live=True).select_related("province", "ward")


def public_announcements(*, params):
    """The approved announcements filtered by area (``tinh``, ``xa``), newest first, one page of
    them by ``tb``, and the filter (with Vietnamese errors for a bad choice)."""
    filterset = AnnouncementFilterSet(params or None, queryset=published_announcements())
    # A bad choice (an unknown or mistyped id) shows the form's message and no rows, rather
    # than quietly the whole country.
    valid = not filterset.is_bound or filterset.is_valid()
    rows = filterset.qs if valid else Announcement.objects.none()
    return {
        "announcements": Paginator(rows.order_by("-date", "-pk"), PER_PAGE).get_page(
            params.get("tb")
        ),
        "announcement_filter": filterset,
        # The area filter, kept on the pager's links.
        "announcement_query": urlencode(
            [(key, params[key]) for key in ("tinh", "xa") if params.get(key)]
        ),
    }
