from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, **kwargs):
    # post_migrate is sent once per installed app, and each app's permissions are created by
    # its own receiver; only after the last app's signal do all permissions exist. So the role
    # groups are (re)built then, once, rather than once per app on every migrate or flush.
    # (Django skips apps without models when sending it.)
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is not with_models[-1]:
        return
    from .groups import groups_sync

    groups_sync()


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from .checks import shared_cache_check

        post_migrate.connect(_sync_groups, dispatch_uid="accounts_sync_groups")
        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
