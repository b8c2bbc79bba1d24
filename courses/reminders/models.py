"""Reminders sent to people (the outbox), their channel choices and their calendar feed tokens.

Every message is a row before it is sent: the planner inserts it under a unique ``dedupe_key``
(who, what, which channel, for which event time), so planning twice never makes a second
message, and the sender claims a row with a conditional update before calling the gateway, so
two workers never send the same row.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Channel, Kind, Status


class OutboundMessage(models.Model):
    """One message to one person on one channel, and what became of it."""

    kind = models.CharField(_("loại nhắc"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    # Who: a registry member (invitations) or an account (trainers, officers). The member is
    # kept rather than only the address so the row follows the person's data (anonymisation).
    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thành viên"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    recipient_name = models.CharField(_("người nhận"), max_length=150, blank=True)
    address = models.CharField(_("địa chỉ nhận"), max_length=254)
    session = models.ForeignKey(
        "attendance.TrainingSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buổi tập huấn"),
    )
    # The time the message speaks of (session start, report deadline): a session moved after
    # planning has a different event time, so its old queued reminders are cancelled, not sent.
    event_at = models.DateTimeField(_("thời điểm sự kiện"), null=True, blank=True)
    # Scope of the row, for the officers' listing: the recipient's ward (members, ward
    # officers) or province (province officers, trainers).
    province = models.ForeignKey(
        "teams.Province",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh, thành phố"),
    )
    ward = models.ForeignKey(
        "teams.Ward",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    dedupe_key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lúc"))
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    provider_message_id = models.CharField(_("mã tin của cổng gửi"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    scope_paths = {"province": "province_id", "ward": "ward_id"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tin nhắc lịch")
        verbose_name_plural = _("tin nhắc lịch")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(user__isnull=False),
                name="outboundmessage_has_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outboundmessage_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_name} ({self.get_channel_display()})"


class ReminderPreference(models.Model):
    """A person's channel choices. No row means every channel is on: most members never open
    their account page, and an invitation they never hear of helps nobody."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("tài khoản"),
    )
    email_enabled = models.BooleanField(_("nhận nhắc lịch qua email"), default=True)
    sms_enabled = models.BooleanField(_("nhận nhắc lịch qua SMS"), default=True)
    zalo_enabled = models.BooleanField(_("nhận nhắc lịch qua Zalo"), default=True)
    # Zalo OA addresses a follower by the user id the OA received when they followed it, not by
    # phone. Filled when the follow is linked; without it the Zalo channel is skipped.
    zalo_user_id = models.CharField(_("mã người dùng Zalo OA"), max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn nhắc lịch")
        verbose_name_plural = _("tùy chọn nhắc lịch")

    def __str__(self):
        return str(self.user)

    def allows(self, channel: str) -> bool:
        return bool(getattr(self, f"{channel}_enabled", False))


def _new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a person's private calendar address (256 random bits).

    Kept readable so the account page can show the address again: a calendar app asks for it
    once and members lose it. Revoking sets ``revoked_at`` (the address answers 404 from then
    on); regenerating revokes the old token and makes a new one, so at most one is active.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("tài khoản"),
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng gần nhất"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("địa chỉ lịch cá nhân")
        verbose_name_plural = _("địa chỉ lịch cá nhân")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendarfeedtoken_one_active_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"
