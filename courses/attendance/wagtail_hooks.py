from wagtail import hooks

from . import selectors
from .viewsets import TrainingGroup


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingGroup()


# The hook the teams app names in teams.viewsets.MEMBER_INSPECT_PANELS_HOOK.
@hooks.register("teams_member_inspect_panels")
def member_training_panel(request, member):
    """A member's training history on their admin page: the summary and the last 50 sessions."""
    return {
        "template": "attendance/member_training_panel.html",
        "summary": selectors.member_attendance_summary(member=member),
        "history": selectors.member_attendance_history(member=member)[:50],
    }


# The hook the accounts app names in lms.accounts.lockout.UNLOCK_PERMISSION_HOOK: a trainer may
# unlock the sign-in of a member on the roster of a session they teach (officers are decided
# there, by scope).
@hooks.register("accounts_may_unlock")
def trainer_may_unlock(actor, user):
    return selectors.trainer_teaches_member(actor, user)
