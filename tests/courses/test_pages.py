"""Page tree rules and rendering of every lesson block."""

import io
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.blocks import LessonBodyBlock, SingleChoiceQuestionBlock, VideoBlock
from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.demo import seed_site
from lms.pages.models import HomePage, StandardPage
from tests.factories.accounts import AdminFactory
from tests.factories.courses import (
    course_index,
    course_page,
    lesson_page,
    multiple_choice,
    single_choice,
    true_false,
)

VIDEO_URL = "https://www.youtube.com/watch?v=abc123"


def _image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (200, 30, 30)).save(buffer, "PNG")
    return Image.objects.create(
        title="Màn hình Cổng Dịch vụ công",
        file=ImageFile(ContentFile(buffer.getvalue()), name="man-hinh.png"),
    )


class CoursePageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = seed_site()
        cls.index = course_index(cls.home)
        cls.course = course_page(cls.index)
        cls.lesson = lesson_page(cls.course)
        cls.admin = AdminFactory()

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_can_and_cannot_create_at(self):
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(StandardPage, CourseIndexPage)
        self.assertCanNotCreateAt(Page, CoursePage)

    def test_only_one_catalogue(self):
        # max_count = 1: the catalogue URL always resolves to one page.
        self.assertFalse(CourseIndexPage.can_create_at(self.home))

    def test_pages_render(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.course)
        # Anonymous visitors are sent to the login page, not shown an error.
        self.assertPageIsRenderable(self.lesson, accept_redirect=True)

    def test_pages_previewable(self):
        # Wagtail's helpers log in with AUTHENTICATION_BACKENDS[0], which here is axes (it has
        # no get_user); use the project's real backend instead.
        with mock.patch(
            "wagtail.test.utils.page_tests.AUTH_BACKEND",
            "lms.accounts.backends.PhoneOrEmailBackend",
        ):
            self.assertPageIsPreviewable(self.course, user=self.admin)
            # StreamField editors are built by JavaScript, so the lesson's form data is given.
            self.assertPageIsPreviewable(
                self.lesson,
                user=self.admin,
                post_data=nested_form_data(
                    {
                        "title": "Bài xem trước",
                        "slug": "bai-xem-truoc",
                        "intro": "Mục tiêu",
                        "estimated_minutes": 10,
                        "body": streamfield(
                            [
                                ("heading", "Tiêu đề xem trước"),
                                ("paragraph", rich_text("<p>Đoạn</p>")),
                            ]
                        ),
                    }
                ),
            )

    def test_pass_mark_constraint(self):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            CoursePage.objects.filter(pk=self.course.pk).update(pass_mark=101)


@pytest.fixture
def every_block_lesson(course):
    image = _image()
    document = Document.objects.create(
        title="Mẫu tờ khai", file=ContentFile(b"%PDF-1.4 test", name="to-khai.pdf")
    )
    video_file = Document.objects.create(
        title="Video hướng dẫn", file=ContentFile(b"video", name="huong-dan.mp4")
    )
    Embed.objects.create(
        url=VIDEO_URL,
        max_width=None,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Video"></iframe>',
        title="Video",
        width=480,
        height=270,
    )
    body = [
        {"type": "heading", "value": "Mục một: chuẩn bị"},
        {"type": "paragraph", "value": "<p>Đoạn văn <b>quan trọng</b>.</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Ảnh cổng", "decorative": False},
                "caption": "Chú thích ảnh",
            },
        },
        {"type": "video", "value": {"embed": VIDEO_URL, "file": None, "caption": "Video nhúng"}},
        {
            "type": "video",
            "value": {"embed": None, "file": video_file.pk, "caption": "Video tải lên"},
        },
        {
            "type": "document",
            "value": {
                "document": document.pk,
                "title": "Tải tờ khai",
                "description": "Điền trước khi nộp.",
            },
        },
        {"type": "callout", "value": {"style": "danger", "text": "<p>Không đọc mã OTP.</p>"}},
        {
            "type": "steps",
            "value": {
                "title": "Các bước nộp hồ sơ",
                "steps": [
                    {"text": "<p>Bước đầu tiên.</p>", "screenshot": None},
                    {"text": "<p>Bước có ảnh.</p>", "screenshot": image.pk},
                ],
            },
        },
        single_choice(question="Câu một đáp án?"),
        multiple_choice(question="Câu nhiều đáp án?"),
        true_false(question="Câu đúng sai?"),
    ]
    return lesson_page(course, body=body), image


def test_every_block_renders_on_the_lesson_page(client, every_block_lesson, learner, course):
    from courses import services

    lesson, image = every_block_lesson
    services.enrolment_create(member=learner, course=course)
    client.force_login(learner.user)
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="lesson-heading">Mục một: chuẩn bị</h2>' in html
    assert "<b>quan trọng</b>" in html
    # Phone-sized renditions with a srcset, lazily loaded, with the block's alt text.
    assert "srcset=" in html and ".webp" in html and 'alt="Ảnh cổng"' in html
    assert "width-720" in " ".join(r.filter_spec for r in image.renditions.all())
    assert "Chú thích ảnh" in html
    assert "youtube-nocookie.com/embed/abc123" in html
    assert "huong-dan" in html and "Video tải lên" in html
    assert "Tải tờ khai" in html and "Điền trước khi nộp." in html
    assert 'class="callout callout--danger"' in html and "Không đọc mã OTP." in html
    assert html.count('class="steps__item"') == 2 and 'alt="Màn hình Cổng Dịch vụ công"' in html
    # Questions are in the quiz form, without revealing answers before submitting.
    assert "Câu một đáp án?" in html and "Câu nhiều đáp án?" in html and "Câu đúng sai?" in html
    assert 'type="checkbox"' in html and 'type="radio"' in html
    assert "Đáp án đúng" not in html and "Giải thích" not in html
    assert 'name="action" value="quiz"' in html


def test_blocks_render_standalone(every_block_lesson):
    lesson, _image = every_block_lesson
    for child in lesson.body:
        html = str(child.render())
        assert html.strip(), child.block_type
    question = next(c for c in lesson.body if c.block_type == "true_false")
    html = str(question.render())
    assert "Đúng" in html and "Sai" in html and "disabled" in html


def test_question_block_validation():
    block = SingleChoiceQuestionBlock()
    value = block.to_python(
        {
            "question": "?",
            "options": [{"text": "A", "correct": True}, {"text": "B", "correct": True}],
            "explanation": "",
        }
    )
    from wagtail.blocks.struct_block import StructBlockValidationError

    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_video_needs_a_source():
    from wagtail.blocks.struct_block import StructBlockValidationError

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"embed": None, "file": None, "caption": "x"}))


def test_lesson_body_block_has_every_kind():
    names = set(LessonBodyBlock.base_blocks)
    assert names == {
        "heading",
        "paragraph",
        "image",
        "video",
        "document",
        "callout",
        "steps",
        "single_choice",
        "multiple_choice",
        "true_false",
    }
