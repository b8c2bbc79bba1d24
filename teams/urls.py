from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("tim-to/", views.find_team, name="find_team"),
    path("thanh-vien/<int:pk>/", views.member_detail, name="member_detail"),
]
