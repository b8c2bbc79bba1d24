from lms.reports.activity import member_activity_refresh


class RefreshesMemberActivity:
    """Rows made by a factory skip the services, which keep the reports' member activity
    (``lms.reports.activity``) in step; refresh it for the row's person as they would."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        member_id = getattr(obj, "member_id", None) or getattr(obj, "holder_id", None)
        member_activity_refresh(member_ids=[member_id])
        return obj
