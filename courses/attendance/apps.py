from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "courses.attendance"
    label = "attendance"
    verbose_name = _("Tập huấn và điểm danh")
    default_auto_field = "django.db.models.BigAutoField"
