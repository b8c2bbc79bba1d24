"""The templates certificates are printed from: how a certificate looks and who signs it."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PreviewableMixin
from wagtail.search import index

from lms.core.fields import NFCCharField, NFCTextField
from lms.core.signing import key_names

from ..choices import Orientation

DEFAULT_BODY = (
    "Chứng nhận ông/bà {ho_ten}, sinh ngày {ngay_sinh}, thành viên {to} ({xa}), "
    "đã hoàn thành khóa bồi dưỡng “{khoa_hoc}” với thời lượng {so_gio} giờ."
)


class CertificateStyle(models.TextChoices):
    """How the page is laid out. "Hiện đại" is the original look (Be Vietnam Pro); the
    official style follows the presentation rules for administrative documents in Decree
    30/2020/NĐ-CP (Times-like serif, quốc hiệu and tiêu ngữ with their rules, italic place and
    date line)."""

    MODERN = "modern", _("Hiện đại (chữ Be Vietnam Pro)")
    OFFICIAL = "official", _("Văn bản hành chính (Nghị định 30/2020)")


class CertificateTemplateForm(WagtailAdminModelForm):
    """The admin form: a form posted without a style (an older screen, a script) keeps the
    original look rather than failing; the signing key is picked from the keys the server
    defines, not typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "style" in self.fields:
            self.fields["style"].required = False
        if "signing_key" in self.fields:
            names = key_names()
            current = self.initial.get("signing_key") or ""
            if current and current not in names:
                names.append(current)  # still shown, so clean() can say what is wrong
            self.fields["signing_key"].widget = forms.Select(
                choices=[("", _("Khóa mặc định của hệ thống")), *[(n, n) for n in names]]
            )

    def clean_style(self):
        return self.cleaned_data.get("style") or CertificateStyle.MODERN


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
    style = models.CharField(
        _("kiểu trình bày"),
        max_length=10,
        choices=CertificateStyle.choices,
        default=CertificateStyle.MODERN,
    )
    decorative_border = models.BooleanField(
        _("khung viền trang trí"),
        default=False,
        help_text=_("Chỉ dùng với kiểu văn bản hành chính; khi có khung, ảnh nền không được in."),
    )
    # The key's name only: where it lives (file, token) and its passphrase or PIN are server
    # configuration (LMS_SIGNING_KEYS), never editable through the admin.
    signing_key = models.CharField(
        _("khóa ký số"),
        max_length=60,
        blank=True,
        help_text=_(
            "Tên khóa ký số của cơ quan cấp trong cấu hình máy chủ (LMS_SIGNING_KEYS). "
            "Để trống: dùng khóa mặc định của hệ thống."
        ),
    )

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
                FieldPanel("signing_key"),
            ],
            heading=_("Người ký"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("style"),
                FieldPanel("decorative_border"),
                FieldPanel("orientation"),
                FieldPanel("background_image"),
                FieldPanel("validity_months"),
                FieldPanel("body"),
            ],
            heading=_("Trình bày"),
        ),
    ]
    base_form_class = CertificateTemplateForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("mẫu giấy chứng nhận")
        verbose_name_plural = _("mẫu giấy chứng nhận")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.signing_key and self.signing_key not in key_names():
            raise ValidationError(
                {
                    "signing_key": _(
                        "Không có khóa ký số tên “%(name)s” trong cấu hình máy chủ. "
                        "Các khóa hiện có: %(names)s."
                    )
                    % {"name": self.signing_key, "names": ", ".join(key_names()) or "-"}
                }
            )

    @property
    def preview_modes(self):
        # The preview is a sample certificate as a PDF: the admin's preview views draw it
        # (``certificates.viewsets``), so the model never imports the PDF code. One mode per
        # style, so an editor compares both before choosing; "" draws the chosen one.
        return [
            ("", _("Bản mẫu PDF (kiểu đã chọn)")),
            *[
                (value, _("Bản mẫu: %(style)s") % {"style": label})
                for value, label in CertificateStyle.choices
            ],
        ]
