"""A member list waiting between its preview and its confirmation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PENDING_IMPORT_SUFFIXES = (".xlsx", ".csv")


class PendingImport(models.Model):
    """An uploaded member list between its preview and its confirmation. Kept in the database,
    not on an app server's disk, so that the confirmation may reach any server behind the load
    balancer. It holds personal data: never served, bound to the user who uploaded it, taken
    once, and purged after a day (``teams.services.pending``). The other choices of the preview
    (ward, "create hamlets", file name) stay in the session beside the token."""

    token = models.CharField(_("mã phiên nhập"), max_length=32, primary_key=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    suffix = models.CharField(
        _("loại tệp"), max_length=5, choices=[(s, s) for s in PENDING_IMPORT_SUFFIXES]
    )
    data = models.BinaryField(_("nội dung tệp"))
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tệp nhập chờ xác nhận")
        verbose_name_plural = _("tệp nhập chờ xác nhận")
        constraints = [
            models.CheckConstraint(
                condition=Q(suffix__in=PENDING_IMPORT_SUFFIXES), name="pending_import_known_suffix"
            ),
        ]

    def __str__(self):
        return f"{self.token}{self.suffix}"
