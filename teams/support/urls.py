from django.urls import path

from .views import entry, imports, month

app_name = "support"

urlpatterns = [
    path("ghi/", entry.entry, name="entry"),
    path("ghi/ca-ngay/", entry.tally, name="tally"),
    path("ghi/xong/<int:pk>/", entry.entry_done, name="entry_done"),
    path("thang/", month.month_view, name="month"),
    path("sua/<int:pk>/", month.record_edit, name="record_edit"),
    path("nhap-phieu/", imports.leader_import, name="import"),
    path("nhap-phieu/mau.xlsx", imports.leader_import_template, name="import_template"),
]
