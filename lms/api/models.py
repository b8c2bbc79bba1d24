"""Personal API tokens and the log of every call made with one.

A token is shown once, when it is made; only its SHA-256 is kept, beside a short visible
prefix that finds the row without scanning (``lms_<prefix>_<secret>``). A leaked database
hands out no working token. A token acts as its owner, with the owner's scope and permissions
read at each call, so a change to the owner's role or unit applies to their tokens at once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lms_api_tokens",
        verbose_name=_("chủ khóa"),
    )
    name = models.CharField(_("tên"), max_length=100, help_text=_("Ví dụ: “Trung tâm IOC tỉnh”."))
    prefix = models.CharField(_("tiền tố"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(_("mã băm"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, *, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ApiCallLog(models.Model):
    """One row per call made with a token, like the personal-data export log: who (the token,
    hence its owner), what (path and filters), how much (rows answered) and the status."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, related_name="calls", verbose_name=_("khóa")
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    path = models.CharField(_("đường dẫn"), max_length=300)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("mã trạng thái"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("nhật ký gọi API")
        verbose_name_plural = _("nhật ký gọi API")

    def __str__(self):
        return f"{self.token} – {self.path} ({self.status})"
