from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, **kwargs):
    # Permissions only exist after every app's post_migrate has created them, so the role
    # groups are (re)built here rather than in a data migration.
    from .groups import groups_sync

    groups_sync()


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_groups, dispatch_uid="accounts_sync_groups")
