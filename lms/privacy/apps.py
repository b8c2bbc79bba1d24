from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A member's flows that span apps: activation slips, erasure on request, their own profile.

    No models: activation codes and anonymisation records belong to ``lms.accounts``, which
    must not import the registry above it; these flows sit on top and use both.
    """

    name = "lms.privacy"
    label = "privacy"
    verbose_name = _("Dữ liệu cá nhân thành viên")
