"""Courses as Wagtail pages: CourseIndexPage → CoursePage → LessonPage."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.core.fields import NFCCharField, NFCTextField
from lms.core.text import fold

from ..blocks import QUESTION_BLOCK_TYPES, LessonBodyBlock
from ..choices import Level, RevealAnswers
from ..widgets import FilterableCheckboxSelectMultiple
from .topics import DigitalSkill, Topic


class CourseIndexPage(Page):
    intro = NFCTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, "intro"]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục khóa học")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import catalogue_courses

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
    quiz_max_attempts = models.PositiveSmallIntegerField(
        _("số lần làm mỗi bài kiểm tra"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 là không giới hạn."),
    )
    quiz_reveal_answers = models.CharField(
        _("hiện đáp án đúng"),
        max_length=20,
        choices=RevealAnswers.choices,
        default=RevealAnswers.AFTER_PASS,
        help_text=_(
            "Trước thời điểm này học viên chỉ thấy điểm của mình. “Sau lần làm cuối” cần đặt "
            "số lần làm bài; nếu không giới hạn thì đáp án không bao giờ hiện."
        ),
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
                FieldPanel("prerequisites", widget=FilterableCheckboxSelectMultiple),
                "sequential",
                "pass_mark",
                "quiz_max_attempts",
                "quiz_reveal_answers",
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
        from ..selectors import course_page_context

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
        from ..quiz import lesson_plain_text

        return fold(" ".join([self.title, self.intro, lesson_plain_text(self)]))

    def serve(self, request, *args, **kwargs):
        # Lessons are gated (login, enrolment, sequential unlocking) and take quiz POSTs; the
        # flow lives in the view module so the page model stays thin.
        from ..views import lesson_serve

        return lesson_serve(request, self, *args, **kwargs)

    @property
    def has_questions(self):
        return any(child.block_type in QUESTION_BLOCK_TYPES for child in self.body)
