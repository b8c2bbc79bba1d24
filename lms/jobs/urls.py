from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/trang-thai.json", views.job_status_json, name="status"),
    path("<uuid:pk>/tai-ve/", views.job_download, name="download"),
]
