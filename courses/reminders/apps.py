from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "courses.reminders"
    label = "reminders"
    verbose_name = _("Nhắc lịch và lịch cá nhân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.accounts.groups import role_permissions_register

        from .permissions import ROLE_PERMISSIONS

        role_permissions_register(app_label=self.label, permissions=ROLE_PERMISSIONS)
