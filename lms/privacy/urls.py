"""The public account pages under /accounts/, in the "accounts" namespace as before.

Sign-in, activation and passwords come from ``lms.accounts.urls``; the member's own page and
consent (which need the teams registry) are added here, so ``lms.accounts`` imports nothing
above it. ``lms.urls`` includes this module.
"""

from django.urls import path

from lms.accounts.urls import urlpatterns as account_urlpatterns

from . import views

app_name = "accounts"

urlpatterns = [
    *account_urlpatterns,
    path("tai-khoan/", views.ProfileView.as_view(), name="profile"),
    path("tai-khoan/cong-khai/", views.ConsentView.as_view(), name="consent"),
]
