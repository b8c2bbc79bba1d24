from courses.attendance.models import TrainingSession
from lms.core.signals import members_changed_send, members_moved_send, sessions_changed_send


class RefreshesMemberActivity:
    """Rows made by a factory skip the services, which keep the reports' derived rows
    (``lms.reports.activity``, ``lms.reports.facts``) in step; announce the row's person and
    session as they would."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        member_id = getattr(obj, "member_id", None) or getattr(obj, "holder_id", None)
        if member_id is not None:
            members_changed_send(sender=__name__, member_ids=[member_id])
            if getattr(obj, "team_id", None) is not None:  # a membership: a team joined
                members_moved_send(sender=__name__, member_ids=[member_id])
        session_id = (
            obj.pk if isinstance(obj, TrainingSession) else getattr(obj, "session_id", None)
        )
        if session_id is not None:
            sessions_changed_send(sender=__name__, session_ids=[session_id])
        return obj
