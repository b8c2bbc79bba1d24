"""The registry every report is built on: administrative units, hamlets, teams and their members.

Scoping: each model names the lookups that lead to its province and ward in ``scope_paths``;
``lms.accounts.scoping`` reads them, so the rule "a ward officer sees only their ward" is
written once for every list, report and export.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from lms.core.fields import NFCCharField
from lms.core.validators import validate_cccd, validate_phone

from ..choices import (
    Affiliation,
    Gender,
    HamletKind,
    ITQualification,
    TeamLevel,
    TeamRole,
    TeamStatus,
)
from ..fields import FoldedSearchField
from .units import Ward


class Hamlet(index.Indexed, models.Model):
    """A hamlet or residential group. Hamlets are merged from time to time: a merged hamlet is
    kept, made inactive with ``valid_to`` and pointed at its successor(s), so history and old
    import files still resolve."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="hamlets", verbose_name=_("xã, phường")
    )
    name = NFCCharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=12, choices=HamletKind.choices)
    code = models.CharField(_("mã"), max_length=20, blank=True)
    is_active = models.BooleanField(_("đang tồn tại"), default=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )
    search_key = FoldedSearchField(sources=("name", "code"))

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("ward_id"),
    ]
    scope_paths = {"province": "ward__province_id", "ward": "ward_id"}

    class Meta:
        ordering = ["ward", "name"]
        verbose_name = _("thôn, tổ dân phố")
        verbose_name_plural = _("thôn, tổ dân phố")
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "kind", "name"],
                condition=Q(is_active=True),
                name="hamlet_unique_active_name_in_ward",
                violation_error_message=_("Xã, phường này đã có một thôn, tổ dân phố cùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="hamlet_valid_to_after_valid_from",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"


class CommunityTeam(index.Indexed, models.Model):
    """A community digital technology team, for a hamlet or (commune-level teams) a whole ward.

    ``ward`` is set for both levels so that scoping and reports never need to branch on level.
    """

    level = models.CharField(
        _("cấp"), max_length=10, choices=TeamLevel.choices, default=TeamLevel.HAMLET
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="teams", verbose_name=_("xã, phường")
    )
    hamlet = models.ForeignKey(
        Hamlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("thôn, tổ dân phố"),
    )
    name = NFCCharField(_("tên tổ"), max_length=200)
    decision_number = NFCCharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_body = NFCCharField(_("cơ quan ban hành"), max_length=200, blank=True)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.ACTIVE
    )
    monthly_stipend = models.PositiveIntegerField(
        _("hỗ trợ hằng tháng (đồng)"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_key = FoldedSearchField(sources=("name", "decision_number"))

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("ward_id"),
        index.FilterField("status"),
    ]
    scope_paths = {"province": "ward__province_id", "ward": "ward_id"}

    class Meta:
        ordering = ["ward", "name"]
        verbose_name = _("tổ công nghệ số cộng đồng")
        verbose_name_plural = _("tổ công nghệ số cộng đồng")
        constraints = [
            models.UniqueConstraint(
                fields=["hamlet"],
                condition=Q(status="active", hamlet__isnull=False),
                name="team_one_active_per_hamlet",
                violation_error_message=_("Thôn, tổ dân phố này đã có một tổ đang hoạt động."),
            ),
            models.UniqueConstraint(
                fields=["ward"],
                condition=Q(status="active", level="ward"),
                name="team_one_active_ward_level_per_ward",
                violation_error_message=_("Xã, phường này đã có một tổ cấp xã đang hoạt động."),
            ),
            models.CheckConstraint(
                condition=(Q(level="hamlet") & Q(hamlet__isnull=False))
                | (Q(level="ward") & Q(hamlet__isnull=True)),
                name="team_level_matches_area",
                violation_error_message=_(
                    "Tổ cấp thôn phải gắn với một thôn; tổ cấp xã không gắn với thôn."
                ),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=models.F("founded_on")),
                name="team_dissolved_after_founded",
                violation_error_message=_("Ngày giải thể phải sau ngày thành lập."),
            ),
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def default_name(*, hamlet=None, ward=None):
        area = str(hamlet) if hamlet else ward.name
        return f"Tổ công nghệ số cộng đồng {area}"


class Member(index.Indexed, models.Model):
    """A person. Their teams over time are ``Membership`` rows, so leaving never erases history.

    ``ward`` is where the person is registered, kept even when they belong to no team yet
    (a walk-in at a training session), because every personal-data view is scoped by it.
    """

    full_name = NFCCharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=10, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("email"), blank=True)
    cccd = models.CharField(_("số CCCD"), max_length=12, blank=True, validators=[validate_cccd])
    affiliation = models.CharField(
        _("đơn vị công tác"), max_length=20, choices=Affiliation.choices, default=Affiliation.OTHER
    )
    it_qualification = models.CharField(
        _("trình độ CNTT"),
        max_length=12,
        choices=ITQualification.choices,
        default=ITQualification.NONE,
    )
    it_major = models.BooleanField(_("chuyên ngành CNTT"), default=False)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="members", verbose_name=_("xã, phường")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("tài khoản"),
    )
    public_consent = models.BooleanField(_("đồng ý công khai tên và số điện thoại"), default=False)
    public_consent_at = models.DateTimeField(_("ngày đồng ý / rút đồng ý"), null=True, blank=True)
    needs_review = models.BooleanField(
        _("cần cán bộ xã rà soát"),
        default=False,
        help_text=_("Người được thêm tại buổi tập huấn, chưa có trong danh sách của xã."),
    )
    anonymised_at = models.DateTimeField(_("đã ẩn danh lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_key = FoldedSearchField(sources=("full_name", "phone", "email"))

    search_fields = [
        index.SearchField("full_name"),
        index.AutocompleteField("full_name"),
        index.SearchField("phone"),
        index.FilterField("ward_id"),
    ]
    scope_paths = {"province": "ward__province_id", "ward": "ward_id"}

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(phone__gt=""),
                name="member_unique_phone",
                violation_error_message=_("Số điện thoại này đã được dùng cho một người khác."),
            ),
            models.UniqueConstraint(
                fields=["cccd"],
                condition=Q(cccd__gt=""),
                name="member_unique_cccd",
                violation_error_message=_("Số CCCD này đã được dùng cho một người khác."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("teams:member_detail", args=[self.pk])


class Membership(models.Model):
    """A person's place in a team over time; ``left_on`` ends it, nothing is deleted."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("thành viên")
    )
    team = models.ForeignKey(
        CommunityTeam,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("tổ"),
    )
    role = models.CharField(
        _("chức vụ trong tổ"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)
    left_on = models.DateField(_("ngày rời tổ"), null=True, blank=True)
    left_reason = NFCCharField(_("lý do rời tổ"), max_length=255, blank=True)

    scope_paths = {"province": "team__ward__province_id", "ward": "team__ward_id"}

    class Meta:
        ordering = ["team", "role", "member__full_name"]
        verbose_name = _("quá trình tham gia tổ")
        verbose_name_plural = _("quá trình tham gia tổ")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "team"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_member_team",
                violation_error_message=_("Người này đang là thành viên của tổ."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("Ngày rời tổ phải sau ngày tham gia."),
            ),
        ]
        indexes = [models.Index(fields=["team", "left_on"])]

    def __str__(self):
        return f"{self.member} – {self.team}"

    @property
    def is_active(self):
        return self.left_on is None


# --- Units before 1 July 2025 -------------------------------------------------------------------
# Kept only to read old records ("xã Vị Tân, thành phố Vị Thanh, tỉnh Hậu Giang"): nothing points
# at them except the explicit old -> new ward mapping below.
