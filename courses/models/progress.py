"""The learning records of team members: enrolments, lesson progress, quiz attempts and course
completions.

Learning records hang on ``teams.Member``, not on ``User``: the learner is a person in a team,
and many members never log in themselves (an officer may enrol a whole team). A record's ward
comes from the member, which is what scoping filters on.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EnrolmentSource
from .pages import CoursePage, LessonPage

MEMBER_SCOPE_PATHS = {"province": "member__ward__province_id", "ward": "member__ward_id"}


class Enrolment(models.Model):
    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("học viên"),
    )
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("khóa học"),
    )
    enrolled_at = models.DateTimeField(_("thời điểm ghi danh"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi danh"),
    )
    source = models.CharField(
        _("hình thức"),
        max_length=10,
        choices=EnrolmentSource.choices,
        default=EnrolmentSource.SELF,
    )

    scope_paths = MEMBER_SCOPE_PATHS

    class Meta:
        verbose_name = _("ghi danh")
        verbose_name_plural = _("ghi danh")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "course"], name="courses_enrolment_unique"),
        ]

    def __str__(self):
        return f"{self.member} — {self.course}"


class LessonProgress(models.Model):
    """One row per learner and lesson: when they last opened it (to resume) and when they
    completed it."""

    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        related_name="lesson_progress",
        verbose_name=_("học viên"),
    )
    lesson = models.ForeignKey(
        LessonPage,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("bài học"),
    )
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    last_viewed_at = models.DateTimeField(_("xem lần cuối"), default=timezone.now)

    scope_paths = MEMBER_SCOPE_PATHS

    class Meta:
        verbose_name = _("tiến độ bài học")
        verbose_name_plural = _("tiến độ bài học")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "lesson"], name="courses_lessonprogress_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.lesson}"


class QuizAttempt(models.Model):
    """Every submission of a lesson's questions, kept for trainers and for the best score."""

    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("học viên"),
    )
    lesson = models.ForeignKey(
        LessonPage,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("bài học"),
    )
    answers = models.JSONField(_("câu trả lời"), default=dict)
    score_percent = models.PositiveSmallIntegerField(
        _("điểm (%)"), validators=[MaxValueValidator(100)]
    )
    passed = models.BooleanField(_("đạt"), default=False)
    created_at = models.DateTimeField(_("thời điểm làm bài"), default=timezone.now)

    scope_paths = MEMBER_SCOPE_PATHS

    class Meta:
        verbose_name = _("lần làm bài kiểm tra")
        verbose_name_plural = _("lần làm bài kiểm tra")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "lesson"], name="courses_quiz_member_lesson")]
        constraints = [
            models.CheckConstraint(
                condition=Q(score_percent__lte=100), name="courses_quizattempt_score_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.lesson}: {self.score_percent}%"


class CourseCompletion(models.Model):
    """Recorded once, by ``courses.services.course_completion_evaluate``, when the course's
    rules are met. Certificates are issued from these rows."""

    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.CASCADE,
        related_name="course_completions",
        verbose_name=_("học viên"),
    )
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("khóa học"),
    )
    completed_on = models.DateField(_("ngày hoàn thành"))
    quiz_score_percent = models.PositiveSmallIntegerField(
        _("điểm kiểm tra trung bình (%)"),
        null=True,
        blank=True,
        help_text=_("Trung bình điểm cao nhất của các bài kiểm tra; trống nếu không có."),
    )
    sessions_attended = models.PositiveSmallIntegerField(_("số buổi tập huấn đã dự"), default=0)
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)

    scope_paths = MEMBER_SCOPE_PATHS

    class Meta:
        verbose_name = _("hoàn thành khóa học")
        verbose_name_plural = _("hoàn thành khóa học")
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "course"], name="courses_coursecompletion_unique"
            ),
        ]
        # Reports: "completed a course in the period" per member.
        indexes = [
            models.Index(fields=["member", "completed_on"], name="completion_member_on"),
        ]

    def __str__(self):
        return f"{self.member} — {self.course} ({self.completed_on:%d/%m/%Y})"
