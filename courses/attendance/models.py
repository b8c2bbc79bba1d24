"""Training sessions held in person, their rosters and the attendance record.

A session is organised by a province or a ward (``organiser_*``) and invites the teams (or all
teams of the wards) it targets. Its roster is the set of ``Attendance`` rows: a row is created
when a person is invited or walks in, and its status is blank until someone marks it. That
makes "invited" a row count and keeps exactly one row per person and session (a DB constraint),
whichever way the person is marked: QR scan, 6-digit code, roll call or the paper sheet.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core.fields import NFCCharField, NFCTextField

from .choices import ATTENDED, AttendanceStatus, CheckInMethod

# A session nobody closed by hand is closed automatically this long after its end, so that the
# paper sheet can still be uploaded the next days without a reason, but the record settles.
AUTO_CLOSE_AFTER = datetime.timedelta(days=3)


def _new_secret():
    return secrets.token_hex(16)


class TrainingSession(models.Model):
    """One in-person class. Scoping follows the organiser: a ward-organised session belongs to
    its ward (and province); a province-level session has no ward. Ward officers also see the
    province-level sessions that target their ward: see ``selectors.sessions_visible_to``."""

    title = NFCCharField(_("tên buổi tập huấn"), max_length=200)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("khóa học"),
        help_text=_("Buổi có mặt được tính vào điều kiện hoàn thành khóa học này."),
    )
    description = NFCTextField(_("nội dung"), blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("giảng viên"),
    )
    organiser_province = models.ForeignKey(
        "teams.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị tổ chức: tỉnh"),
        help_text=_("Để trống nếu buổi do trung ương tổ chức."),
    )
    organiser_ward = models.ForeignKey(
        "teams.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị tổ chức: xã, phường"),
        help_text=_("Để trống nếu buổi do tỉnh tổ chức."),
    )
    venue = NFCCharField(_("địa điểm"), max_length=255)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    capacity = models.PositiveIntegerField(
        _("sức chứa"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("tính đi muộn sau (phút)"),
        default=15,
        validators=[MaxValueValidator(600)],
        help_text=_("Điểm danh muộn hơn giờ bắt đầu từng ấy phút được ghi là đi muộn."),
    )
    open_before_minutes = models.PositiveSmallIntegerField(
        _("mở điểm danh trước (phút)"),
        default=30,
        validators=[MaxValueValidator(240)],
        help_text=_("Học viên có thể tự điểm danh từ từng ấy phút trước giờ bắt đầu."),
    )
    qr_rotation_seconds = models.PositiveSmallIntegerField(
        _("đổi mã QR sau (giây)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(600)],
    )
    target_teams = models.ManyToManyField(
        "teams.CommunityTeam",
        blank=True,
        related_name="training_sessions",
        verbose_name=_("tổ được mời"),
    )
    target_wards = models.ManyToManyField(
        "teams.Ward",
        blank=True,
        related_name="training_sessions",
        verbose_name=_("xã, phường được mời"),
        help_text=_("Mời mọi tổ đang hoạt động của các xã, phường này."),
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    # Per-session key for the rotating QR token and 6-digit code: leaking one session's codes
    # says nothing about another's. Never shown, never edited.
    secret = models.CharField(max_length=32, default=_new_secret, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = {"province": "organiser_province_id", "ward": "organiser_ward_id"}

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("buổi tập huấn")
        verbose_name_plural = _("buổi tập huấn")
        permissions = [("manage_attendance", _("Điểm danh, sửa điểm danh buổi tập huấn"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="trainingsession_ends_after_start",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(qr_rotation_seconds__gte=10),
                name="trainingsession_qr_rotation_min",
                violation_error_message=_("Mã QR phải đổi sau ít nhất 10 giây."),
            ),
        ]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("attendance:session_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.organiser_ward_id:
            ward_province_id = self.organiser_ward.province_id
            if self.organiser_province_id and self.organiser_province_id != ward_province_id:
                raise ValidationError(
                    {"organiser_ward": _("Xã, phường tổ chức không thuộc tỉnh đã chọn.")}
                )
            self.organiser_province_id = ward_province_id

    # The open window and closing are single-row facts, so they live here.
    @property
    def opens_at(self):
        return self.starts_at - datetime.timedelta(minutes=self.open_before_minutes)

    @property
    def late_from(self):
        return self.starts_at + datetime.timedelta(minutes=self.late_after_minutes)

    def is_open(self, now=None):
        """Self check-in is accepted only inside [opens_at, ends_at] and before closing."""
        now = now or timezone.now()
        if self.closed_at and now >= self.closed_at:
            return False
        return self.opens_at <= now <= self.ends_at

    def is_closed(self, now=None):
        """A closed session's record is settled: every change needs a reason and is audited."""
        now = now or timezone.now()
        if self.closed_at and now >= self.closed_at:
            return True
        return now > self.ends_at + AUTO_CLOSE_AFTER

    def status_for_check_in(self, now=None):
        now = now or timezone.now()
        return AttendanceStatus.LATE if now > self.late_from else AttendanceStatus.PRESENT

    @property
    def organiser_ward_or_target(self):
        """The ward a walk-in with an unknown phone is registered in."""
        if self.organiser_ward_id:
            return self.organiser_ward
        team = self.target_teams.select_related("ward").first()
        if team:
            return team.ward
        return self.target_wards.first()


class Attendance(models.Model):
    """One person's place on a session's roster and how they were marked."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("buổi tập huấn"),
    )
    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("thành viên"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=AttendanceStatus.choices,
        blank=True,
        default=AttendanceStatus.NOT_MARKED,
    )
    note = NFCCharField(_("ghi chú"), max_length=255, blank=True)
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    method = models.CharField(
        _("cách điểm danh"), max_length=10, choices=CheckInMethod.choices, blank=True
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người điểm danh"),
    )
    invited = models.BooleanField(
        _("được mời"),
        default=True,
        help_text=_("Bỏ chọn với người đến trực tiếp, không có trong danh sách mời."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = {"province": "member__ward__province_id", "ward": "member__ward_id"}

    class Meta:
        ordering = ["session", "member__full_name"]
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="attendance_one_per_member_session",
                violation_error_message=_("Người này đã có trong danh sách buổi tập huấn."),
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["member", "status"]),
            # Reports: "attended a session in the period" per member, read from the index alone.
            models.Index(
                fields=["member", "session"],
                condition=Q(status__in=["present", "late"]),
                name="attendance_attended_member",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.session.title}: {self.get_status_display()}"

    @property
    def attended(self):
        return self.status in ATTENDED


class AttendanceChange(models.Model):
    """Audit trail of status changes made by staff (roll call, sheet upload, corrections).

    Self check-ins are not copied here: the row's ``checked_in_at`` and ``method`` already say
    who marked it and when. After closing every change must carry a reason.
    """

    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, related_name="changes", verbose_name=_("điểm danh")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người sửa"),
    )
    changed_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    old_status = models.CharField(
        _("trạng thái cũ"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("trạng thái mới"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    method = models.CharField(
        _("cách điểm danh"), max_length=10, choices=CheckInMethod.choices, blank=True
    )
    reason = NFCCharField(_("lý do"), max_length=255, blank=True)
    after_close = models.BooleanField(_("sửa sau khi đóng buổi"), default=False)

    scope_paths = {
        "province": "attendance__member__ward__province_id",
        "ward": "attendance__member__ward_id",
    }

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("lịch sử sửa điểm danh")
        verbose_name_plural = _("lịch sử sửa điểm danh")
        constraints = [
            models.CheckConstraint(
                condition=Q(after_close=False) | Q(reason__gt=""),
                name="attendancechange_reason_after_close",
                violation_error_message=_("Sửa điểm danh sau khi đóng buổi phải ghi lý do."),
            ),
        ]

    def __str__(self):
        return f"{self.attendance}: {self.old_status or '-'} → {self.new_status or '-'}"


class OfflineMark(models.Model):
    """One roll call mark made on a trainer's phone while offline, by its idempotency key.

    The phone sends its marks in the order they were made, each with a random key and the time
    it was made; the key is unique here, so a mark sent twice (a retry after a lost answer, or
    the service worker and the page both sending) changes the roster once. ``outcome`` says what
    became of it: applied, already so, or superseded by a later change made on the server
    (which wins; both stay in the audit trail). See ``services.offline``.
    """

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Đã áp dụng")
        UNCHANGED = "unchanged", _("Không thay đổi")
        SUPERSEDED = "superseded", _("Không áp dụng: có thay đổi mới hơn trên máy chủ")
        REFUSED = "refused", _("Bị từ chối")

    key = models.CharField(_("mã gửi"), max_length=64, unique=True)
    attendance = models.ForeignKey(
        Attendance,
        on_delete=models.CASCADE,
        related_name="offline_marks",
        verbose_name=_("điểm danh"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    note = NFCCharField(_("ghi chú"), max_length=255, blank=True)
    made_at = models.DateTimeField(_("đánh dấu lúc"))
    synced_at = models.DateTimeField(_("đồng bộ lúc"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người điểm danh"),
    )
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    message = NFCCharField(_("thông báo"), max_length=255, blank=True)

    scope_paths = {
        "province": "attendance__member__ward__province_id",
        "ward": "attendance__member__ward_id",
    }

    class Meta:
        ordering = ["made_at"]
        verbose_name = _("điểm danh ngoại tuyến")
        verbose_name_plural = _("điểm danh ngoại tuyến")

    def __str__(self):
        return f"{self.attendance}: {self.status or '-'} ({self.get_outcome_display()})"
