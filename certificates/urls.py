from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("tra-cuu/", views.verify, name="verify"),
    path("tra-cuu/<str:code>/", views.verify_code, name="verify_code"),
    path("cua-toi/", views.mine, name="mine"),
    path("tai-ve/<str:code>/", views.download, name="download"),
]
