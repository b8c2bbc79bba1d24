from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "lms.pages"
    label = "pages"
    verbose_name = _("Trang thông tin")
    default_auto_field = "django.db.models.BigAutoField"
