"""One queued piece of long work (an import preview, a ZIP, a report file) and its result."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import ACTIVE, JobStatus


def _result_path(job, name):
    # A random folder per file: the storage may be served under /media/ by the proxy, and the
    # job's files hold personal data. Nothing links to that address; the file is only ever
    # sent by ``views.job_download`` to the person who asked for it.
    return f"jobs/{uuid.uuid4().hex}/{name}"


class Job(models.Model):
    """A job of one registered ``kind`` asked for by one user, who alone may see it.

    ``params`` is what the handler needs to redo the work from scratch in the worker (a
    report's filters, the ids of a course and session, an upload's token), so that a job whose
    worker died can simply run again. The result is a file (``file``), plain data for a page
    (``result``), or both; either is deleted with the row at ``expires_at``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại việc"), max_length=60)
    title = models.CharField(_("tên việc"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    done = models.PositiveIntegerField(_("đã làm"), default=0)
    progress_writes = models.PositiveIntegerField(_("số lần ghi tiến độ"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    error_detail = models.TextField(_("chi tiết lỗi kỹ thuật"), blank=True)
    result = models.JSONField(_("kết quả"), null=True, blank=True)
    file = models.FileField(_("tệp kết quả"), upload_to=_result_path, blank=True, max_length=255)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    resumes = models.PositiveSmallIntegerField(_("số lần tự chạy lại"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    # The last sign of life: set when queued and at every progress write. Pending with an old
    # heartbeat: no worker took it. Running with an old one: its worker died.
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    expires_at = models.DateTimeField(_("xóa lúc"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="jobs_by_user")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def active(self):
        return self.status in ACTIVE

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, round(100 * self.done / self.total))
