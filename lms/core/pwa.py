"""The installable web app: ``/manifest.webmanifest`` and the service worker at ``/sw.js``.

The worker's source is ``static/js/sw.js`` like every other script, but a service worker only
controls pages at or below its own address, so it is served from the site root (a worker under
``/static/js/`` could not answer for ``/hoc/...`` offline). The view prepends the list of files
to keep for offline use, with their (hashed, in production) static addresses, and a version
derived from that list and the source: when either changes, browsers install the new worker.

Nothing here imports an app: the offline pages and endpoints that the worker talks to live in
``courses.offline_views``; this module only knows their addresses.
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

THEME_COLOUR = "#a3161b"  # --c-primary in static/css/site.css
BACKGROUND_COLOUR = "#f6f7f9"  # --c-bg

# Kept on the device at install: what any page needs to draw itself and to queue work offline.
PRECACHE_STATIC = [
    "css/site.css",
    "css/courses.css",
    "css/attendance.css",
    "fonts/BeVietnamPro-Regular.woff2",
    "fonts/BeVietnamPro-Bold.woff2",
    "js/pwa.js",
    "js/offline-queue.js",
    "js/offline-lessons.js",
    "js/offline-rollcall.js",
    "js/offline-checkin.js",
    "icons/icon-192.png",
    "apple-touch-icon.png",
]
OFFLINE_PAGE = "/ngoai-tuyen/"


@require_GET
@cache_control(max_age=86400, public=True)
def manifest(request):
    icons = [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ] + [
        {
            "src": static(f"icons/icon-maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    data = {
        "id": "/",
        "name": _("Tổ công nghệ số cộng đồng – Học tập"),
        "short_name": _("Tổ CNS"),
        "description": _(
            "Bài học ngắn trên điện thoại, điểm danh tập huấn và giấy chứng nhận của các Tổ "
            "công nghệ số cộng đồng. Học được cả khi mất sóng."
        ),
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/?nguon=ung-dung",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["education"],
        "icons": icons,
        "shortcuts": [
            {"name": _("Khóa học của tôi"), "url": "/hoc/cua-toi/"},
            {"name": _("Lịch tập huấn"), "url": "/tap-huan/cua-toi/"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response


@lru_cache(maxsize=1)
def _worker_source():
    path = finders.find("js/sw.js")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    with staticfiles_storage.open("js/sw.js") as handle:  # collected, no source tree
        return handle.read().decode("utf-8")


def worker_script():
    """The worker's source with its configuration in front (also used by the tests)."""
    config = {
        "precache": [static(path) for path in PRECACHE_STATIC] + [OFFLINE_PAGE],
        "queueScript": static("js/offline-queue.js"),
        "offlinePage": OFFLINE_PAGE,
    }
    if settings.DEBUG:
        _worker_source.cache_clear()  # edits to static/js/sw.js show up without a restart
    source = _worker_source()
    version = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:12]
    config["version"] = version
    return f"self.LMS_SW = {json.dumps(config)};\n{source}"


@require_GET
@never_cache
def service_worker(request):
    response = HttpResponse(worker_script(), content_type="application/javascript; charset=utf-8")
    # Served from the root, it may control the whole site (the header makes that explicit).
    response["Service-Worker-Allowed"] = "/"
    return response
