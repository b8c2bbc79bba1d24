"""Addresses of the offline web app's endpoints, under ``/ngoai-tuyen/`` (see offline_views)."""

from django.urls import path

from . import offline_views

app_name = "offline"

urlpatterns = [
    path("", offline_views.offline_page, name="page"),
    path("khoa/<int:course_id>/", offline_views.course_bundle, name="course_bundle"),
    path("bai-hoc/", offline_views.lesson_sync, name="lesson_sync"),
    path("diem-danh/<int:pk>/", offline_views.rollcall_sync, name="rollcall_sync"),
]
