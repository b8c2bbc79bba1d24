from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("api/<slug:kind>.json", views.report_json, name="api"),
]
