from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import admin_unlock
from .lockout import UNLOCK_ACTION
from .models import AnonymisationRecord, ExportLog
from .permissions import AdministratorsReadOnlyPolicy
from .viewsets import PersonalDataGroup

register_permission_policy(ExportLog, AdministratorsReadOnlyPolicy(ExportLog))
register_permission_policy(AnonymisationRecord, AdministratorsReadOnlyPolicy(AnonymisationRecord))


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    return PersonalDataGroup()


@hooks.register("register_admin_urls")
def register_unlock_urls():
    urls = [path("<int:user_id>/", admin_unlock.unlock_view, name="unlock")]
    return [
        path("account-unlock/", include((urls, "accounts_lockout"), namespace="accounts_lockout"))
    ]


@hooks.register("register_log_actions")
def register_lockout_log_actions(actions):
    actions.register_action(UNLOCK_ACTION, _("Mở khóa đăng nhập"), _("Đã mở khóa đăng nhập"))


# The hook the teams app names in teams.viewsets.MEMBER_INSPECT_PANELS_HOOK (not imported: the
# teams registry sits above this app).
hooks.register("teams_member_inspect_panels", admin_unlock.member_lockout_panel)
