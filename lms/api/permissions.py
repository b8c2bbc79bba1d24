"""Who may hold an API token, and what the admin screens let each user do with tokens.

A token reads what its owner may read on the report screens, never more: officers and
administrators with the reports permission and a unit to look at (``can_view_reports``).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from lms.accounts.choices import Role
from lms.reports.views import can_view_reports


def may_use_api(user):
    return can_view_reports(user)


class ApiTokenPermissionPolicy(BasePermissionPolicy):
    """Officers make, list and revoke their own tokens ("change" is revoking: no edit screen
    is routed); superusers see and revoke everyone's. Nobody deletes one: the call log keeps
    pointing at it."""

    def user_has_permission(self, user, action):
        return action in ("add", "view", "change") and may_use_api(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            user.is_superuser or instance.owner_id == user.pk
        )

    def instances_user_has_permission_for(self, user, action):
        qs = self.model._default_manager.all()
        if not self.user_has_permission(user, action):
            return qs.none()
        return qs if user.is_superuser else qs.filter(owner=user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & {"add", "view", "change"}:
            return users.none()
        return users.filter(
            Q(is_superuser=True)
            | Q(role=Role.ADMIN)
            | Q(groups__permissions__codename="view_reports")
        ).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])
