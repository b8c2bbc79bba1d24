from django.db import models
from django.utils.translation import gettext_lazy as _


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Khổ ngang")
    PORTRAIT = "portrait", _("Khổ dọc")


class CertificateStatus(models.TextChoices):
    """What is stored. "Expired" is not stored: it follows from ``expires_on`` and today."""

    VALID = "valid", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")


class PublicStatus(models.TextChoices):
    """What the verification page says: stored status plus expiry."""

    VALID = "valid", _("Còn hiệu lực")
    EXPIRED = "expired", _("Đã hết hạn")
    REVOKED = "revoked", _("Đã thu hồi")


class BulkJobStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang cấp")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Bị lỗi")
