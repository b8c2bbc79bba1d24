"""The platform's own bookkeeping rows (no domain data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoLoad(models.Model):
    """One row per demo loader that has run on this database (``seed_demo``).

    The demo is created once: a loader whose row exists is never run again, so re-running
    ``make run`` or ``make setup`` never re-creates or changes what a person has since changed
    (a hamlet merged, a team dissolved, a page deleted)."""

    loader = models.CharField(_("bộ nạp"), max_length=100, unique=True)
    loaded_at = models.DateTimeField(_("lúc nạp"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nạp dữ liệu mẫu")
        verbose_name_plural = _("các lần nạp dữ liệu mẫu")

    def __str__(self):
        return self.loader
