"""The published revocation lists (W3C Bitstring Status List)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusList(models.Model):
    """One published revocation list: 131,072 entries, one per certificate.

    A certificate's place is fixed by its primary key (``certificates.credentials.status``),
    so a credential can name its entry before anything is stored, and the list is derived
    data: kept up to date when a certificate is revoked or reissued, and rebuilt from the
    certificates by ``manage.py credentials_status_rebuild``.
    """

    number = models.PositiveIntegerField(_("số danh sách"), unique=True)
    encoded_list = models.TextField(_("chuỗi bit đã mã hóa"))
    revoked_count = models.PositiveIntegerField(_("số giấy đã thu hồi"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("danh sách thu hồi")
        verbose_name_plural = _("danh sách thu hồi")

    def __str__(self):
        return f"{self.number}: {self.revoked_count}"
