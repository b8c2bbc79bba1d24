from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [path("tin-tuc/", views.news, name="news")]
