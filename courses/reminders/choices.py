from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")


class Kind(models.TextChoices):
    SESSION_DAY = "session_day", _("Nhắc buổi tập huấn trước 1 ngày")
    SESSION_HOUR = "session_hour", _("Nhắc buổi tập huấn trước 1 giờ")
    TRAINER_EVENING = "trainer_evening", _("Lịch giảng ngày mai cho giảng viên")
    SUPPORT_DEADLINE = "support_deadline", _("Hạn nộp báo cáo hỗ trợ tháng")


class Status(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    RETRYING = "retrying", _("Chờ gửi lại")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    CANCELLED = "cancelled", _("Đã hủy")
    # A worker claimed the row and stopped before the gateway's answer was recorded: the
    # message may or may not have gone out. Never sent again by itself.
    UNKNOWN = "unknown", _("Không rõ đã gửi")


# Rows the sender picks up when their time has come.
DUE_STATUSES = (Status.QUEUED, Status.RETRYING)
