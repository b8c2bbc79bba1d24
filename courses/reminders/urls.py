from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("buoi/<int:pk>.ics", views.session_ics, name="session_ics"),
    path("rieng/<str:token>.ics", views.feed, name="feed"),
    path("tuy-chon/", views.preference_set, name="preference_set"),
    path("dia-chi-moi/", views.token_regenerate, name="token_regenerate"),
    path("thu-hoi/", views.token_revoke, name="token_revoke"),
]
