from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("api/xa-phuong.json", views.ward_choices, name="wards"),
    path("api/<slug:kind>.json", views.report_json, name="api"),
]
