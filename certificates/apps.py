from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Chứng nhận")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.accounts.groups import role_permissions_register
        from lms.core.public_url import public_base_url_check
        from lms.core.signing.checks import signing_keys_check

        from .permissions import ROLE_PERMISSIONS

        role_permissions_register(app_label=self.label, permissions=ROLE_PERMISSIONS)
        # Certificates are what prints the public address; production refuses a dead one.
        checks.register(public_base_url_check, checks.Tags.security, deploy=True)
        # And signs what it prints with a real key (never the demo CA).
        checks.register(signing_keys_check, checks.Tags.security, deploy=True)
        # Big ZIPs are made by the job worker (lms.jobs).
        from .downloads import register as downloads_register

        downloads_register()
