"""Bulk issues run in the background, with their progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import BulkJobStatus


class BulkIssueJob(models.Model):
    """Progress of one bulk issue (a django-tasks task), shown in the admin.

    The job is limited to the scope of the officer who started it (``scope_*``), so a ward
    officer's bulk issue never reaches members of another ward.
    """

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificate_jobs",
        verbose_name=_("khóa học"),
    )
    session = models.ForeignKey(
        "attendance.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate_jobs",
        verbose_name=_("buổi tập huấn"),
    )
    scope_province = models.ForeignKey(
        "teams.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phạm vi: tỉnh"),
    )
    scope_ward = models.ForeignKey(
        "teams.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phạm vi: xã, phường"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=BulkJobStatus.choices,
        default=BulkJobStatus.PENDING,
    )
    total = models.PositiveIntegerField(_("số người đủ điều kiện"), default=0)
    done = models.PositiveIntegerField(_("đã cấp"), default=0)
    errors = models.PositiveIntegerField(_("số lỗi"), default=0)
    error_log = models.TextField(_("chi tiết lỗi"), blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    # The last sign of life: set when the job is queued and after every batch the worker
    # finishes. A running job whose heartbeat is older than ``jobs.HEARTBEAT_STALE`` lost its
    # worker and is resumed (``services.bulk_issue_job_recover``).
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    resumes = models.PositiveSmallIntegerField(_("số lần tự chạy lại"), default=0)

    scope_paths = {"province": "scope_province_id", "ward": "scope_ward_id"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đợt cấp chứng nhận hàng loạt")
        verbose_name_plural = _("đợt cấp chứng nhận hàng loạt")

    def __str__(self):
        created = timezone.localtime(self.created_at) if self.created_at else None
        return f"{self.course.title} · {created:%d/%m/%Y %H:%M}" if created else self.course.title

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == BulkJobStatus.DONE else 0
        return min(100, round(100 * (self.done + self.errors) / self.total))
