"""Administrative units: the 34 provinces and 3,321 communes and wards since 01/07/2025, and
the units before 2025 with the mapping from old wards to new ones."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from lms.core.collation import VI_COLLATION
from lms.core.fields import NFCCharField

from ..choices import (
    LegacyDistrictType,
    LegacyWardType,
    WardType,
)
from ..fields import FoldedSearchField


class Province(index.Indexed, models.Model):
    """One of the 34 provinces and centrally-run cities since 1 July 2025."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = NFCCharField(_("tên"), max_length=100)
    short_name = NFCCharField(_("tên ngắn"), max_length=100)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    search_key = FoldedSearchField(sources=("name",))

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    scope_paths = {"province": "id", "ward": None}

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self):
        return self.name


class Ward(index.Indexed, models.Model):
    """A commune-level unit (xã, phường, đặc khu); since 2025 directly under the province."""

    code = models.CharField(_("mã"), max_length=5, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="wards", verbose_name=_("tỉnh, thành phố")
    )
    name = NFCCharField(_("tên"), max_length=100)
    short_name = NFCCharField(_("tên ngắn"), max_length=100)
    ward_type = models.CharField(_("loại"), max_length=10, choices=WardType.choices)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    area_km2 = models.FloatField(_("diện tích (km²)"), null=True, blank=True)
    search_key = FoldedSearchField(sources=("name", "code"))

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("province_id"),
    ]
    scope_paths = {"province": "province_id", "ward": "id"}

    class Meta:
        # Within a province, in Vietnamese alphabetical order (Đ after D, before E).
        ordering = ["province__code", Collate("name", VI_COLLATION).asc(), "code"]
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self):
        return f"{self.name}, {self.province.name}"


class LegacyProvince(models.Model):
    """One of the 63 provinces before the 2025 merger; ``successor`` is the province it joined."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = NFCCharField(_("tên"), max_length=100)
    short_name = NFCCharField(_("tên ngắn"), max_length=100)
    name_key = models.CharField(_("khóa tra cứu"), max_length=100, db_index=True)
    successor = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="legacy_provinces",
        verbose_name=_("tỉnh, thành phố hiện nay"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh cũ (trước 01/07/2025)")
        verbose_name_plural = _("tỉnh cũ (trước 01/07/2025)")

    def __str__(self):
        return self.name


class LegacyDistrict(models.Model):
    """A district (huyện, quận, thị xã, thành phố thuộc tỉnh); the level abolished in 2025."""

    code = models.CharField(_("mã"), max_length=3, unique=True)
    province = models.ForeignKey(
        LegacyProvince,
        on_delete=models.CASCADE,
        related_name="districts",
        verbose_name=_("tỉnh cũ"),
    )
    name = NFCCharField(_("tên"), max_length=100)
    short_name = NFCCharField(_("tên ngắn"), max_length=100)
    district_type = models.CharField(_("loại"), max_length=12, choices=LegacyDistrictType.choices)
    name_key = models.CharField(_("khóa tra cứu"), max_length=100, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("huyện cũ (trước 01/07/2025)")
        verbose_name_plural = _("huyện cũ (trước 01/07/2025)")

    def __str__(self):
        return f"{self.name}, {self.province.name}"


class LegacyWard(models.Model):
    """A commune-level unit before 2025. Five island districts had no communes; the dataset
    lists each of them as one row without a ward, so ``code`` may be empty and ``key`` (the
    dataset's own "province_district_ward" key) is the natural key."""

    key = models.CharField(_("khóa dữ liệu"), max_length=150, unique=True)
    code = models.CharField(_("mã"), max_length=5, blank=True)
    district = models.ForeignKey(
        LegacyDistrict, on_delete=models.CASCADE, related_name="wards", verbose_name=_("huyện cũ")
    )
    province = models.ForeignKey(
        LegacyProvince, on_delete=models.CASCADE, related_name="wards", verbose_name=_("tỉnh cũ")
    )
    name = NFCCharField(_("tên"), max_length=100)
    short_name = NFCCharField(_("tên ngắn"), max_length=100)
    ward_type = models.CharField(
        _("loại"), max_length=10, choices=LegacyWardType.choices, blank=True
    )
    name_key = models.CharField(_("khóa tra cứu"), max_length=100, db_index=True)
    new_wards = models.ManyToManyField(
        Ward,
        through="LegacyWardMapping",
        related_name="legacy_wards",
        verbose_name=_("xã, phường hiện nay"),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("xã cũ (trước 01/07/2025)")
        verbose_name_plural = _("xã cũ (trước 01/07/2025)")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(code__gt=""), name="legacy_ward_unique_code"
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.district.name}, {self.province.name}"


class LegacyWardMapping(models.Model):
    """Old ward -> new ward. Most old wards went whole into one new ward; a split ward has one
    row per new ward, all ``is_partial``, and exactly one ``is_default`` (where an address
    without a street is placed). Resolution never picks silently: partial mappings warn."""

    legacy_ward = models.ForeignKey(
        LegacyWard, on_delete=models.CASCADE, related_name="mappings", verbose_name=_("xã cũ")
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.CASCADE, related_name="legacy_mappings", verbose_name=_("xã mới")
    )
    is_partial = models.BooleanField(_("chỉ một phần"), default=False)
    is_default = models.BooleanField(_("mặc định"), default=True)

    class Meta:
        ordering = ["legacy_ward", "-is_default", "ward"]
        verbose_name = _("chuyển đổi xã cũ sang xã mới")
        verbose_name_plural = _("chuyển đổi xã cũ sang xã mới")
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_ward", "ward"], name="legacy_mapping_unique_pair"
            ),
            models.UniqueConstraint(
                fields=["legacy_ward"],
                condition=Q(is_default=True),
                name="legacy_mapping_one_default",
            ),
        ]

    def __str__(self):
        return f"{self.legacy_ward} → {self.ward}"


# --- Member lists waiting for confirmation ------------------------------------------------------
