from django.db import models
from django.utils.translation import gettext_lazy as _


class WardType(models.TextChoices):
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    DAC_KHU = "dac_khu", _("Đặc khu")


class HamletKind(models.TextChoices):
    THON = "thon", _("Thôn")
    AP = "ap", _("Ấp")
    BAN = "ban", _("Bản")
    BUON = "buon", _("Buôn")
    LANG = "lang", _("Làng")
    SOC = "soc", _("Sóc")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    KHU_PHO = "khu_pho", _("Khu phố")
    KHOM = "khom", _("Khóm")


class TeamLevel(models.TextChoices):
    HAMLET = "hamlet", _("Cấp thôn, tổ dân phố")
    WARD = "ward", _("Cấp xã, phường")


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng")
    DISSOLVED = "dissolved", _("Đã giải thể")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Tổ trưởng")
    DEPUTY = "deputy", _("Tổ phó")
    MEMBER = "member", _("Tổ viên")


class Affiliation(models.TextChoices):
    HAMLET_HEAD = "hamlet_head", _("Trưởng thôn / Tổ trưởng tổ dân phố")
    POLICE = "police", _("Công an")
    YOUTH_UNION = "youth_union", _("Đoàn thanh niên")
    WOMEN_UNION = "women_union", _("Hội Liên hiệp phụ nữ")
    FARMERS_UNION = "farmers_union", _("Hội Nông dân")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    FATHERLAND_FRONT = "fatherland_front", _("Mặt trận Tổ quốc")
    TEACHER = "teacher", _("Giáo viên")
    HEALTH = "health", _("Y tế")
    TELECOM = "telecom", _("Doanh nghiệp viễn thông / bưu điện")
    OTHER = "other", _("Khác")


class ITQualification(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    VOCATIONAL = "vocational", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    POSTGRADUATE = "postgraduate", _("Sau đại học")


class LegacyDistrictType(models.TextChoices):
    HUYEN = "huyen", _("Huyện")
    QUAN = "quan", _("Quận")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO = "thanh_pho", _("Thành phố")


class LegacyWardType(models.TextChoices):
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
