from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.accounts.permissions import ReadOnlyPermissionPolicy

from .choosers import hamlet_chooser_viewset, team_chooser_viewset, ward_chooser_viewset
from .models import Province, Ward
from .viewsets import TeamsViewSetGroup

register_permission_policy(Province, ReadOnlyPermissionPolicy(Province))
register_permission_policy(Ward, ReadOnlyPermissionPolicy(Ward))


@hooks.register("register_admin_viewset")
def register_teams_viewsets():
    return TeamsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_unit_choosers():
    # Searchable, scoped choosers for a ward and a hamlet in the admin forms.
    return [ward_chooser_viewset, hamlet_chooser_viewset, team_chooser_viewset]


@hooks.register("register_log_actions")
def register_teams_log_actions(actions):
    actions.register_action("teams.dissolve", _("Giải thể tổ"), _("Đã giải thể tổ"))
    actions.register_action(
        "teams.consent_given", _("Đồng ý công khai"), _("Đã đồng ý công khai tên và số điện thoại")
    )
    actions.register_action(
        "teams.consent_withdrawn", _("Rút đồng ý công khai"), _("Đã rút đồng ý công khai")
    )
