"""Who may do what with the accounts app's own records (see also ``lms.accounts.groups``), and
the permission policy of every read-only admin listing."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from .choices import Role


def is_administrator(user):
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role == Role.ADMIN)
    )


class AdministratorsReadOnlyPolicy(BasePermissionPolicy):
    """Audit logs: administrators may list and inspect them; nobody may add, edit or delete.

    An audit trail that its readers could edit would prove nothing.
    """

    def user_has_permission(self, user, action):
        return action == "view" and is_administrator(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_administrator(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(role=Role.ADMIN))

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The model's "view" permission as usual; "add", "change" and "delete" never through the
    generic views, superusers included.

    For rows that come from elsewhere (administrative units from the official dataset) or that
    only services write (certificates, bulk jobs): their actions check the Django permissions
    themselves.
    """

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if a not in ("add", "change", "delete")]
        if not actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(actions)
