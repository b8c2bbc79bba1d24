"""Work a learner did without a network and sent later (issue 19, item 2).

Each lesson completion or quiz answer made offline is queued on the phone with a random
idempotency key. The key is stored here, unique, in the same transaction as the attempt it
caused, so a retry (the phone lost the answer to its first try, or the service worker and the
page both sent) gets the first answer back and never counts a second attempt.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import LessonPage
from .progress import MEMBER_SCOPE_PATHS


class OfflineSubmission(models.Model):
    class Action(models.TextChoices):
        COMPLETE = "complete", _("Đánh dấu đã học")
        QUIZ = "quiz", _("Nộp bài kiểm tra")

    key = models.CharField(_("mã gửi"), max_length=64, unique=True)
    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        related_name="offline_submissions",
        verbose_name=_("học viên"),
    )
    lesson = models.ForeignKey(
        LessonPage,
        on_delete=models.CASCADE,
        related_name="offline_submissions",
        verbose_name=_("bài học"),
    )
    action = models.CharField(_("việc"), max_length=10, choices=Action.choices)
    made_at = models.DateTimeField(_("làm lúc (trên máy)"))
    synced_at = models.DateTimeField(_("đồng bộ lúc"), default=timezone.now)
    accepted = models.BooleanField(_("được ghi nhận"), default=False)
    result = models.JSONField(_("kết quả"), default=dict)

    scope_paths = MEMBER_SCOPE_PATHS

    class Meta:
        verbose_name = _("bài làm gửi sau khi có mạng")
        verbose_name_plural = _("bài làm gửi sau khi có mạng")
        ordering = ["-synced_at"]

    def __str__(self):
        return f"{self.member} — {self.lesson} ({self.get_action_display()})"
