"""Who may do what with the accounts app's own records (see also ``lms.accounts.groups``)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
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
