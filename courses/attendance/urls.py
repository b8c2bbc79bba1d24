from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    # Trainers and officers
    path("", views.session_list, name="session_list"),
    path("bao-cao/", views.rate_report, name="report"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/man-hinh/", views.session_screen, name="screen"),
    path("<int:pk>/man-hinh/trang-thai/", views.session_screen_state, name="screen_state"),
    path("<int:pk>/diem-danh/", views.roll_call, name="roll_call"),
    path("<int:pk>/them-nguoi/", views.walk_in, name="walk_in"),
    path("<int:pk>/co-mat/", views.mark_present, name="mark_present"),
    path("<int:pk>/mo-khoa/<int:attendance_pk>/", views.member_unlock, name="member_unlock"),
    path("<int:pk>/lap-danh-sach/", views.roster_build, name="roster_build"),
    path("<int:pk>/xoa/<int:attendance_pk>/", views.roster_remove, name="roster_remove"),
    path("<int:pk>/dong/", views.session_close, name="close"),
    path("<int:pk>/phieu-ky-ten.pdf", views.sign_in_sheet, name="sheet_pdf"),
    path(
        "<int:pk>/danh-sach.<str:file_format>",
        views.roster_export,
        name="roster_export",
    ),
    path("<int:pk>/tai-phieu/", views.sheet_upload, name="sheet_upload"),
    # Members
    path("d/<str:token>/", views.checkin, name="checkin"),
    path("nhap-ma/", views.checkin_code, name="checkin_code"),
    path("<int:pk>/da-diem-danh/", views.checkin_done, name="checkin_done"),
    path("cua-toi/", views.my_sessions, name="my_sessions"),
]
