from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh")
    WARD_OFFICER = "ward_officer", _("Cán bộ cấp xã")
    TRAINER = "trainer", _("Giảng viên")
    REVIEWER = "reviewer", _("Người duyệt nội dung")
    MEMBER = "member", _("Thành viên tổ")
