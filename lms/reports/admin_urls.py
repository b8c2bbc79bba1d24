"""The admin screens, mounted under /admin/bao-cao/ by ``wagtail_hooks.register_admin_urls``."""

from django.urls import path

from .views import ADMIN_VIEWS

app_name = "reports_admin"

urlpatterns = []
for _kind, _view in ADMIN_VIEWS.items():
    urlpatterns += [
        path(f"{_kind}/", _view.as_view(), name=_kind),
        path(f"{_kind}/results/", _view.as_view(results_only=True), name=f"{_kind}_results"),
    ]
