"""StreamField blocks of a lesson.

Content blocks reuse the site's pieces from ``lms.pages.blocks`` (same editing experience for
news and lessons) with phone-sized templates of their own. Quiz questions carry their answer
key in the block value; grading happens server-side in :mod:`courses.quiz`, never in the
browser, so the correct answers only reach the learner after they have answered.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from lms.pages.blocks import CalloutBlock, ImageWithCaptionBlock

from .choices import TrueFalse

RICH_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class LessonImageBlock(ImageWithCaptionBlock):
    class Meta:
        template = "courses/blocks/image.html"
        icon = "image"
        label = _("Ảnh có chú thích")


class LessonCalloutBlock(CalloutBlock):
    class Meta:
        template = "courses/blocks/callout.html"
        icon = "warning"
        label = _("Hộp chú ý")


class VideoBlock(blocks.StructBlock):
    """A video either embedded (YouTube) or uploaded as a document, e.g. an MP4 recorded by the
    trainer. Uploaded files are linked, not autoplayed, so a weak connection is not drained."""

    embed = EmbedBlock(
        required=False,
        label=_("đường dẫn video"),
        help_text=_("Đường dẫn YouTube. Bỏ trống nếu tải tệp video lên."),
    )
    file = DocumentChooserBlock(
        required=False, label=_("tệp video"), help_text=_("Tệp MP4 đã tải lên thư viện tài liệu.")
    )
    caption = blocks.CharBlock(required=False, label=_("chú thích"))

    class Meta:
        template = "courses/blocks/video.html"
        icon = "media"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("embed") and not value.get("file"):
            raise StructBlockValidationError(
                block_errors={"embed": ValidationError(_("Nhập đường dẫn video hoặc chọn tệp."))}
            )
        return value


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("tài liệu"))
    title = blocks.CharBlock(
        required=False, label=_("tên hiển thị"), help_text=_("Bỏ trống để dùng tên tài liệu.")
    )
    description = blocks.TextBlock(required=False, label=_("mô tả ngắn"))

    class Meta:
        template = "courses/blocks/document.html"
        icon = "doc-full"
        label = _("Tài liệu tải về")


class GuideStepBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=RICH_FEATURES, label=_("nội dung bước"))
    # ImageChooserBlock rather than ImageBlock: an optional ImageBlock breaks on empty values.
    screenshot = ImageChooserBlock(
        required=False,
        label=_("ảnh chụp màn hình"),
        help_text=_("Tiêu đề ảnh được dùng làm mô tả thay thế cho người khiếm thị."),
    )


class StepByStepBlock(blocks.StructBlock):
    """Numbered steps, the natural way to teach "how to submit a dossier on the portal"."""

    title = blocks.CharBlock(required=False, label=_("tiêu đề"))
    steps = blocks.ListBlock(GuideStepBlock(), min_num=1, label=_("các bước"))

    class Meta:
        template = "courses/blocks/steps.html"
        icon = "list-ol"
        label = _("Hướng dẫn từng bước")


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("phương án"))
    correct = blocks.BooleanBlock(required=False, label=_("là đáp án đúng"))


class QuestionMixin:
    """Shared grading interface: options as (key, text) and the set of correct keys."""

    input_type = "radio"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["options"] = self.option_list(value)
        context["input_type"] = self.input_type
        return context

    def option_list(self, value):
        return [(str(i), option["text"]) for i, option in enumerate(value["options"])]

    def correct_keys(self, value):
        return {str(i) for i, option in enumerate(value["options"]) if option["correct"]}


class ChoiceQuestionBlock(QuestionMixin, blocks.StructBlock):
    """A question with options to pick from; its subclasses say how many may be right."""

    question = blocks.TextBlock(label=_("câu hỏi"))
    options = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("các phương án"))
    explanation = blocks.RichTextBlock(
        features=RICH_FEATURES,
        required=False,
        label=_("giải thích"),
        help_text=_("Hiện cho học viên sau khi trả lời."),
    )

    class Meta:
        template = "courses/blocks/question.html"


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = _("Câu hỏi một đáp án")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for option in value["options"] if option["correct"]) != 1:
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Chọn đúng một đáp án đúng."))}
            )
        return value


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    input_type = "checkbox"

    class Meta:
        icon = "tasks"
        label = _("Câu hỏi nhiều đáp án")

    def clean(self, value):
        value = super().clean(value)
        if not any(option["correct"] for option in value["options"]):
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Cần ít nhất một đáp án đúng."))}
            )
        return value


class TrueFalseQuestionBlock(QuestionMixin, blocks.StructBlock):
    question = blocks.TextBlock(label=_("nhận định"))
    answer = blocks.ChoiceBlock(choices=TrueFalse.choices, label=_("đáp án"))
    explanation = blocks.RichTextBlock(
        features=RICH_FEATURES,
        required=False,
        label=_("giải thích"),
        help_text=_("Hiện cho học viên sau khi trả lời."),
    )

    class Meta:
        template = "courses/blocks/question.html"
        icon = "help"
        label = _("Câu hỏi đúng/sai")

    def option_list(self, value):
        return [(str(choice.value), str(choice.label)) for choice in TrueFalse]

    def correct_keys(self, value):
        return {value["answer"]}


QUESTION_BLOCK_TYPES = ("single_choice", "multiple_choice", "true_false")


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", template="courses/blocks/heading.html", label=_("Tiêu đề mục")
    )
    paragraph = blocks.RichTextBlock(template="courses/blocks/paragraph.html", label=_("Đoạn văn"))
    image = LessonImageBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
    callout = LessonCalloutBlock()
    steps = StepByStepBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
