"""The templates certificates are printed from: how a certificate looks and who signs it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PreviewableMixin
from wagtail.search import index

from lms.core.fields import NFCCharField, NFCTextField

from ..choices import Orientation

DEFAULT_BODY = (
    "Chứng nhận ông/bà {ho_ten}, sinh ngày {ngay_sinh}, thành viên {to} ({xa}), "
    "đã hoàn thành khóa bồi dưỡng “{khoa_hoc}” với thời lượng {so_gio} giờ."
)


class CertificateTemplate(PreviewableMixin, index.Indexed, models.Model):
    """How a certificate looks and who issues it. Editable by authorised staff as a snippet.

    ``body`` uses placeholders: {ho_ten} {ngay_sinh} {to} {xa} {khoa_hoc} {so_gio}
    {ngay_cap} {so}.
    """

    name = NFCCharField(_("tên mẫu"), max_length=200)
    issuing_body_upper = NFCCharField(
        _("cơ quan chủ quản"), max_length=200, help_text=_("Ví dụ: UBND TỈNH AN GIANG")
    )
    issuing_body = NFCCharField(
        _("cơ quan cấp"), max_length=200, help_text=_("Ví dụ: SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    )
    number_suffix = models.CharField(
        _("ký hiệu số"),
        max_length=30,
        help_text=_("Phần cuối của số chứng nhận, ví dụ GCN-SKHCN trong 0001/2026/GCN-SKHCN."),
    )
    place_name = NFCCharField(
        _("địa danh"), max_length=100, help_text=_("Dùng trong dòng “<địa danh>, ngày ...”.")
    )
    signer_name = NFCCharField(_("người ký"), max_length=120)
    signer_title = NFCCharField(_("chức vụ người ký"), max_length=120)
    signing_form = NFCCharField(
        _("hình thức ký"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"),
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh chữ ký"),
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh con dấu"),
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh nền"),
    )
    orientation = models.CharField(
        _("khổ giấy"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    validity_months = models.PositiveSmallIntegerField(
        _("thời hạn (tháng)"), null=True, blank=True, help_text=_("Để trống nếu không có thời hạn.")
    )
    body = NFCTextField(_("nội dung"), default=DEFAULT_BODY)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("issuing_body_upper"),
                FieldPanel("issuing_body"),
                FieldPanel("number_suffix"),
                FieldPanel("place_name"),
            ],
            heading=_("Cơ quan cấp"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signing_form"),
                FieldPanel("signer_title"),
                FieldPanel("signer_name"),
                FieldPanel("signature_image"),
                FieldPanel("seal_image"),
            ],
            heading=_("Người ký"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("orientation"),
                FieldPanel("background_image"),
                FieldPanel("validity_months"),
                FieldPanel("body"),
            ],
            heading=_("Trình bày"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("mẫu giấy chứng nhận")
        verbose_name_plural = _("mẫu giấy chứng nhận")

    def __str__(self):
        return self.name

    @property
    def preview_modes(self):
        # The preview is a sample certificate as a PDF: the admin's preview views draw it
        # (``certificates.viewsets``), so the model never imports the PDF code.
        return [("", _("Bản mẫu PDF"))]
