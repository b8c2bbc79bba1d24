from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("tip", _("Mẹo")), ("warning", _("Lưu ý")), ("danger", _("Cảnh báo"))],
        default="tip",
        label=_("kiểu"),
    )
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ul", "ol"], label=_("nội dung")
    )

    class Meta:
        template = "components/blocks/callout.html"
        icon = "warning"
        label = _("Hộp chú ý")


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("ảnh"))
    caption = blocks.CharBlock(required=False, label=_("chú thích"))

    class Meta:
        template = "components/blocks/image.html"
        icon = "image"
        label = _("Ảnh có chú thích")


class BodyBlock(blocks.StreamBlock):
    """Body of news and static pages."""

    heading = blocks.CharBlock(
        form_classname="title", template="components/blocks/heading.html", label=_("Tiêu đề mục")
    )
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"))
    image = ImageWithCaptionBlock()
    callout = CalloutBlock()
