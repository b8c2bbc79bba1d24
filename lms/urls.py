from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core import health, pwa
from lms.pages import views as pages_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", pages_views.favicon, name="favicon"),
    # The installable web app (issue 19): the worker must sit at the root to control the site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("ngoai-tuyen/", include("courses.offline_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("lms.privacy.urls")),
    path("trang/", include("lms.pages.urls")),
    path("to-cong-nghe/", include("teams.urls")),
    path("ho-tro/", include("teams.support.urls")),
    path("hoc/", include("courses.urls")),
    path("tap-huan/", include("courses.attendance.urls")),
    path("lich/", include("courses.reminders.urls")),
    # Credentials first: their addresses extend the verification URL (tra-cuu/<code>/...).
    path("chung-nhan/", include("certificates.credentials.urls")),
    path("chung-nhan/", include("certificates.urls")),
    path("bao-cao/", include("lms.reports.urls")),
    path("api/v1/", include("lms.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]

# Vietnamese error pages that read nothing from the database (see lms.core.errors).
handler400 = "lms.core.errors.bad_request"
handler403 = "lms.core.errors.permission_denied"
handler404 = "lms.core.errors.page_not_found"
handler500 = "lms.core.errors.server_error"
