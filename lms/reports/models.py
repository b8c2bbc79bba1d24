"""The reports read other apps' tables; this app owns no data. The one model below exists only
so that "may see the reports" is an ordinary Django permission that role groups can be given
(``reports.view_reports``), instead of a hard-coded list of roles in every view."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", _("Xem báo cáo độ bao phủ, nhân lực và tập huấn"))]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
