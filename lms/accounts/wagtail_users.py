from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    """Replaces ``wagtail.users`` in INSTALLED_APPS to use our user ViewSet."""

    user_viewset = "lms.accounts.admin_users.UserViewSet"
