"""Mounted under ``/chung-nhan/`` before ``certificates.urls`` (``lms/urls.py``): the credential
addresses extend the verification URL ``tra-cuu/<code>/``."""

from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("tra-cuu/quet/", views.offline_check, name="offline_check"),
    path("tra-cuu/sw-kiem-tra.js", views.offline_worker, name="offline_worker"),
    path("tra-cuu/<str:code>/credential.json", views.credential_json, name="credential_json"),
    path("tra-cuu/<str:code>/credential.jwt", views.credential_jwt, name="credential_jwt"),
    path("khoa/jwks.json", views.jwks, name="jwks"),
    path("trang-thai/<int:number>/", views.status_list, name="status_list"),
    path("co-quan/<path:key>/", views.issuer, name="issuer"),
    path("thanh-tich/<int:pk>/", views.achievement, name="achievement"),
    path("ky-nang-so/", views.skills, name="skills"),
]
