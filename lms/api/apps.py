from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read API for the provinces' own systems (``/api/v1/``): personal tokens, their call
    log, and the django-ninja endpoints over the report, registry and certificate selectors."""

    name = "lms.api"
    label = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"
