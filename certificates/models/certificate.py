"""Certificates of completion (Giấy chứng nhận) and the counter their numbers come from."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core.fields import NFCCharField, NFCTextField

from ..choices import CertificateStatus, PublicStatus
from .templates import CertificateTemplate


def _new_code():
    # 16 random bytes = 128 bits, URL-safe: cannot be guessed or enumerated (the number can).
    return secrets.token_urlsafe(16)


def _pdf_path(instance, filename):
    # A random name, not the number or code: the file holds a date of birth and is served only
    # through the download views, but a guessable name would leak it if media were public.
    return f"certificates/{instance.year}/{secrets.token_hex(16)}.pdf"


def valid_on_q(day, prefix=""):
    """The one rule for "a valid certificate on ``day``": not revoked, issued on or before
    that day, and not expired by then (``expires_on`` is the last valid day). ``prefix``
    reaches certificates through a relation ("certificates__") from another app's queryset.
    """
    return Q(
        **{
            f"{prefix}status": CertificateStatus.VALID,
            f"{prefix}issued_on__lte": day,
        }
    ) & (Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day}))


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Certificates valid on ``day`` (see :func:`valid_on_q`)."""
        return self.filter(valid_on_q(day))


class CertificateCounter(models.Model):
    """The last number given out per issuing body and year (see ``certificates.numbering``)."""

    issuing_body_key = models.CharField(_("ký hiệu cơ quan cấp"), max_length=30)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_sequence = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số chứng nhận")
        verbose_name_plural = _("bộ đếm số chứng nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body_key", "year"], name="certificate_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.issuing_body_key} {self.year}: {self.last_sequence}"


class Certificate(models.Model):
    """A certificate of completion. It is a document: once issued, what it states is frozen in
    the ``holder_*``, ``course_*`` and ``issuing_body*`` snapshot fields, so editing the member
    or the course later changes nothing on it. It is never deleted: revocation keeps the row
    and the reason, and a reissue is a new row (new number) pointing at the one it replaces.
    """

    number = models.CharField(_("số"), max_length=60, unique=True)
    issuing_body_key = models.CharField(
        _("ký hiệu cơ quan cấp"),
        max_length=30,
        help_text=_("Ký hiệu số của mẫu lúc cấp; số chứng nhận đánh liên tục theo ký hiệu và năm."),
    )
    year = models.PositiveSmallIntegerField(_("năm cấp"))
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    code = models.CharField(
        _("mã xác thực"), max_length=32, unique=True, default=_new_code, editable=False
    )
    holder = models.ForeignKey(
        "teams.Member",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("người được cấp"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("khóa học"),
    )
    session = models.ForeignKey(
        "attendance.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("buổi tập huấn"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("mẫu"),
    )
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("có giá trị đến"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp"),
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu hồi"),
    )
    revoked_reason = NFCTextField(_("lý do thu hồi"), blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("cấp lại thay cho"),
    )
    bulk_job = models.ForeignKey(
        "BulkIssueJob",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("đợt cấp hàng loạt"),
    )
    pdf = models.FileField(_("tệp PDF"), upload_to=_pdf_path, blank=True, max_length=200)
    pdf_generated_at = models.DateTimeField(_("tạo PDF lúc"), null=True, blank=True)
    pdf_base_url = models.CharField(
        _("địa chỉ in trên PDF"),
        max_length=200,
        blank=True,
        help_text=_(
            "Địa chỉ công khai lúc tạo tệp PDF (mã QR, đường dẫn tra cứu); khác địa chỉ hiện "
            "tại thì tệp được tạo lại khi tải về."
        ),
    )

    # Who signed the stored PDF (the signing certificate's name) and when: shown on the
    # verification page. Empty until the PDF is first generated.
    pdf_signed_by = NFCCharField(_("ký số bởi"), max_length=255, blank=True)
    pdf_signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)

    # Snapshot at issue time.
    holder_name = NFCCharField(_("họ và tên"), max_length=120, blank=True)
    holder_birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    # "male" / "female" as on the member at issue time: the certificate says "Ông" or "Bà".
    holder_gender = models.CharField(_("giới tính"), max_length=6, blank=True)
    holder_team_name = NFCCharField(_("tổ"), max_length=200, blank=True)
    holder_ward_name = NFCCharField(_("xã, phường"), max_length=100, blank=True)
    holder_anonymised = models.BooleanField(
        _("người được cấp đã ẩn danh"),
        default=False,
        help_text=_("Dữ liệu cá nhân trên bản lưu đã được xóa theo yêu cầu của người được cấp."),
    )
    course_title = NFCCharField(_("tên khóa học"), max_length=255)
    course_code = models.CharField(_("mã khóa học"), max_length=30, blank=True)
    course_hours = models.DecimalField(
        _("thời lượng (giờ)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    issuing_body_upper = NFCCharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuing_body_name = NFCCharField(_("cơ quan cấp"), max_length=200)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    scope_paths = {"province": "holder__ward__province_id", "ward": "holder__ward_id"}

    class Meta:
        ordering = ["-issued_on", "-year", "-sequence"]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body_key", "year", "sequence"],
                name="certificate_unique_sequence",
                violation_error_message=_("Số chứng nhận này đã được cấp."),
            ),
            models.UniqueConstraint(
                fields=["holder", "course"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_holder_course",
                violation_error_message=_(
                    "Người này đã có giấy chứng nhận còn hiệu lực cho khóa học này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1), name="certificate_sequence_positive"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="certificate_expires_after_issue",
                violation_error_message=_("Ngày hết hạn phải sau ngày cấp."),
            ),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_at__isnull=True)
                | Q(status="revoked", revoked_at__isnull=False),
                name="certificate_revoked_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"]),
            models.Index(fields=["session", "status"]),
            # Reports: "holds a valid certificate" per member, read from the index alone.
            models.Index(
                fields=["holder", "issued_on", "expires_on"],
                condition=Q(status="valid"),
                name="certificate_valid_holder",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certificates:verify_code", args=[self.code])

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def public_status(self):
        if self.status == CertificateStatus.REVOKED:
            return PublicStatus.REVOKED
        if self.is_expired:
            return PublicStatus.EXPIRED
        return PublicStatus.VALID

    def get_public_status_display(self):
        return self.public_status.label
