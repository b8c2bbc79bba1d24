from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "teams.support"
    label = "support"
    verbose_name = _("Hỗ trợ người dân")
    default_auto_field = "django.db.models.BigAutoField"
