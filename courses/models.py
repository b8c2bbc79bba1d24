"""Courses as Wagtail pages (CourseIndexPage → CoursePage → LessonPage) and the learning records
of team members.

Learning records hang on ``teams.Member``, not on ``User``: the learner is a person in a team,
and many members never log in themselves (an officer may enrol a whole team). A record's ward
comes from the member, which is what scoping filters on.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.fields import NFCCharField, NFCTextField
from lms.text import fold

from .blocks import LessonBodyBlock
from .choices import DigitalSkillCode, EnrolmentSource, Level

MEMBER_SCOPE_PATHS = {"province": "member__ward__province_id", "ward": "member__ward_id"}


class Topic(index.Indexed, models.Model):
    """A shared taxonomy of course topics, edited as a Wagtail snippet."""

    name = NFCCharField(_("tên chủ đề"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, allow_unicode=False)
    description = NFCTextField(_("mô tả"), blank=True)

    panels = ["name", "slug", "description"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self):
        return self.name


class DigitalSkill(models.Model):
    """One of the five basic digital skills. A tiny table rather than a comma list so that
    reports can count courses per skill with a join on SQLite and PostgreSQL alike; rows are
    created by a data migration and fixed."""

    code = models.CharField(_("mã"), max_length=30, unique=True, choices=DigitalSkillCode.choices)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("kỹ năng số cơ bản")
        verbose_name_plural = _("kỹ năng số cơ bản")

    def __str__(self):
        return self.get_code_display()


class CourseIndexPage(Page):
    intro = NFCTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, "intro"]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục khóa học")

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue_courses

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_courses(index_page=self, request=request))
        return context


class CoursePage(Page):
    code = models.CharField(
        _("mã khóa học"),
        max_length=30,
        unique=True,
        help_text=_("Mã ngắn, duy nhất, in trên giấy chứng nhận. Ví dụ: ATTT-01."),
    )
    summary = NFCTextField(_("tóm tắt"), help_text=_("Hai ba câu, hiện trong danh mục khóa học."))
    topics = ParentalManyToManyField(
        Topic, blank=True, related_name="courses", verbose_name=_("chủ đề")
    )
    skills = ParentalManyToManyField(
        DigitalSkill,
        blank=True,
        related_name="courses",
        verbose_name=_("kỹ năng số cơ bản"),
        help_text=_("Khóa học rèn luyện những kỹ năng số cơ bản nào."),
    )
    level = models.CharField(
        _("trình độ"), max_length=20, choices=Level.choices, default=Level.BASIC
    )
    estimated_hours = models.DecimalField(
        _("thời lượng (giờ)"),
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0)],
    )
    audience = NFCCharField(
        _("đối tượng"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Thành viên Tổ công nghệ số cộng đồng."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh bìa"),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("khóa học cần hoàn thành trước"),
    )
    is_open = models.BooleanField(
        _("cho phép tự ghi danh"),
        default=True,
        help_text=_("Bỏ chọn nếu chỉ cán bộ hoặc giảng viên ghi danh học viên."),
    )
    sequential = models.BooleanField(
        _("học theo thứ tự"),
        default=True,
        help_text=_("Bài sau chỉ mở khi đã hoàn thành bài trước."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("điểm đạt (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Điểm tối thiểu của mỗi bài kiểm tra để được tính là đạt."),
    )
    min_sessions = models.PositiveSmallIntegerField(
        _("số buổi tập huấn tối thiểu"),
        default=0,
        help_text=_("Số buổi tập huấn trực tiếp phải tham dự; 0 nếu học hoàn toàn trực tuyến."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("mẫu giấy chứng nhận"),
    )

    content_panels = [
        *Page.content_panels,
        "code",
        "summary",
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
                "level",
                "estimated_hours",
                "audience",
            ],
            heading=_("Thông tin khóa học"),
        ),
        MultiFieldPanel(
            [
                "is_open",
                FieldPanel("prerequisites"),
                "sequential",
                "pass_mark",
                "min_sessions",
                FieldPanel("certificate_template"),
            ],
            heading=_("Ghi danh và điều kiện hoàn thành"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("code"),
        index.SearchField("search_folded"),
        index.AutocompleteField("search_folded"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("khóa học")
        verbose_name_plural = _("khóa học")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100),
                name="courses_coursepage_pass_mark_0_100",
            ),
        ]

    def search_folded(self):
        """Accent-free copy of the searchable text, so "dich vu cong" finds "dịch vụ công"
        whatever the search backend does with diacritics."""
        return fold(" ".join([self.title, self.summary, self.audience, self.code]))

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, request=request))
        return context

    def lessons(self):
        """Live lessons in page-tree order (the order trainers arrange them in)."""
        return LessonPage.objects.child_of(self).live().order_by("path")


class LessonPage(Page):
    intro = NFCTextField(_("mục tiêu bài học"), blank=True)
    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("nội dung"))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("thời gian học (phút)"), default=10, validators=[MinValueValidator(1)]
    )

    content_panels = [*Page.content_panels, "intro", "estimated_minutes", "body"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_folded"),
        index.AutocompleteField("search_folded"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bài học")
        verbose_name_plural = _("bài học")

    def search_folded(self):
        from .quiz import lesson_plain_text

        return fold(" ".join([self.title, self.intro, lesson_plain_text(self)]))

    def serve(self, request, *args, **kwargs):
        # Lessons are gated (login, enrolment, sequential unlocking) and take quiz POSTs; the
        # flow lives in the view module so the page model stays thin.
        from .views import lesson_serve

        return lesson_serve(request, self, *args, **kwargs)

    @property
    def has_questions(self):
        from .blocks import QUESTION_BLOCK_TYPES

        return any(child.block_type in QUESTION_BLOCK_TYPES for child in self.body)


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
