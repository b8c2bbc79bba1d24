from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    """Open Badges 3.0 credentials, the issuer's public keys, the revocation status list and
    the offline QR payload of each certificate (issue 20, items 2 and 3)."""

    name = "certificates.credentials"
    label = "credentials"
    verbose_name = _("Chứng nhận số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.core.signals import members_changed

        from .attachments import register_pdf_attachments
        from .checks import signing_key_check
        from .status import status_lists_on_members_changed

        # The certificate services send ``members_changed`` inside their transaction after a
        # revoke or reissue: the status list is brought up to date in that same transaction.
        members_changed.connect(
            status_lists_on_members_changed, dispatch_uid="credentials.status_lists"
        )
        register_pdf_attachments()
        checks.register(signing_key_check, checks.Tags.security, deploy=True)
