from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.core.fields import NFCCharField
from lms.core.validators import validate_phone

from .choices import Role


class User(AbstractUser):
    """A person who signs in: staff with a scope (province or ward), trainers, and team members.

    Members sign in with their phone number; many have no email, so both are optional but
    unique when given. ``username`` stays for Wagtail and Django admin compatibility and is
    set to the phone (or email) by the services that create accounts.
    """

    phone = models.CharField(
        _("số điện thoại"), max_length=10, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("email"), blank=True)
    first_name = NFCCharField(_("tên"), max_length=150, blank=True)
    last_name = NFCCharField(_("họ và tên đệm"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    province = models.ForeignKey(
        "teams.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phạm vi: tỉnh"),
        help_text=_("Cán bộ cấp tỉnh, giảng viên: chỉ thấy dữ liệu của tỉnh này."),
    )
    ward = models.ForeignKey(
        "teams.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phạm vi: xã, phường"),
        help_text=_("Cán bộ cấp xã: chỉ thấy dữ liệu của xã này."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(phone__gt=""),
                name="user_unique_phone",
                violation_error_message=_("Số điện thoại này đã có tài khoản."),
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(email__gt=""),
                name="user_unique_email",
                violation_error_message=_("Email này đã có tài khoản."),
            ),
            models.CheckConstraint(
                condition=~Q(role="ward_officer") | Q(ward__isnull=False),
                name="user_ward_officer_has_ward",
                violation_error_message=_("Cán bộ cấp xã phải được gán một xã, phường."),
            ),
            models.CheckConstraint(
                condition=~Q(role="province_officer") | Q(province__isnull=False),
                name="user_province_officer_has_province",
                violation_error_message=_("Cán bộ cấp tỉnh phải được gán một tỉnh, thành phố."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.phone or self.email or self.username

    def get_full_name(self):
        # Vietnamese order: family and middle names first, given name last.
        return " ".join(part for part in (self.last_name, self.first_name) if part)

    def get_short_name(self):
        return self.first_name or self.get_full_name()


class ExportLog(models.Model):
    """Who exported personal data, when, and with which filters (Decree 13/2023/ND-CP)."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="export_logs", verbose_name=_("người xuất")
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    export = models.CharField(_("dữ liệu xuất"), max_length=100)
    file_format = models.CharField(_("định dạng"), max_length=10)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nhật ký xuất dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký xuất dữ liệu cá nhân")

    def __str__(self):
        return f"{self.user} – {self.export} ({self.created_at:%d/%m/%Y %H:%M})"


class ActivationCode(models.Model):
    """A one-time code printed on a slip so a member without email can set their password.

    Only a keyed hash is stored (see ``lms.accounts.codes``): a database leak must not hand out
    working codes. The same mechanism serves the officer-assisted password reset, so a person
    has at most one open code; issuing a new one replaces the old.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("tài khoản"),
    )
    code_hash = models.CharField(_("mã băm"), max_length=64)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp"),
    )
    created_at = models.DateTimeField(_("thời điểm cấp"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mã kích hoạt")
        verbose_name_plural = _("mã kích hoạt")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True),
                name="activation_one_open_code_per_user",
                violation_error_message=_("Tài khoản này đã có một mã kích hoạt chưa dùng."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"


class AnonymisationRecord(models.Model):
    """Proof that a person's data was erased on request, and by whom.

    It deliberately keeps nothing that identifies the person: only the member's row id, which
    after anonymisation points at a row holding no personal data.
    """

    member = models.ForeignKey(
        "teams.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thành viên"),
    )
    member_pk = models.PositiveBigIntegerField(_("mã thành viên"), db_index=True)
    performed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
        help_text=_("Để trống khi thực hiện bằng lệnh quản trị trên máy chủ."),
    )
    performed_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    via = models.CharField(_("thực hiện qua"), max_length=20)

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = _("nhật ký ẩn danh hóa")
        verbose_name_plural = _("nhật ký ẩn danh hóa")

    def __str__(self):
        return f"#{self.member_pk} ({self.performed_at:%d/%m/%Y %H:%M})"
