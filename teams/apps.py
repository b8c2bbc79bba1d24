from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Tổ công nghệ số cộng đồng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.accounts.groups import role_permissions_register

        from .permissions import ROLE_PERMISSIONS

        role_permissions_register(app_label=self.label, permissions=ROLE_PERMISSIONS)
        # Big member lists are checked and imported by the job worker (lms.jobs).
        from .import_jobs import register as import_jobs_register

        import_jobs_register()
