from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "teams.support"
    label = "support"
    verbose_name = _("Hỗ trợ người dân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.accounts.groups import role_permissions_register

        from .permissions import ROLE_PERMISSIONS

        role_permissions_register(app_label=self.label, permissions=ROLE_PERMISSIONS)
