from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lms.reports"
    label = "reports"
    verbose_name = _("Báo cáo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Lower apps announce changed people through ``lms.core.signals``; the coverage rows
        # are recomputed here, inside the sender's transaction.
        from lms.accounts.groups import role_permissions_register
        from lms.core.signals import members_changed

        from .activity import member_activity_refresh_receiver
        from .permissions import ROLE_PERMISSIONS

        role_permissions_register(app_label=self.label, permissions=ROLE_PERMISSIONS)

        members_changed.connect(
            member_activity_refresh_receiver, dispatch_uid="reports.member_activity_refresh"
        )
        # Then the staffing rows (read from the coverage rows), the per-course rows and the
        # per-session counts of the activity report.
        from .facts import connect as facts_connect

        facts_connect()
        # The support report's per-ward-month sums follow every saved support record.
        from .support_facts import connect as support_facts_connect

        support_facts_connect()
        # National files and province PDFs are queued (lms.jobs); this is what the worker does.
        from .export_jobs import register as export_jobs_register

        export_jobs_register()
