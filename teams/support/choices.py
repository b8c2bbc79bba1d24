from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.TextChoices):
    HOME = "home", _("Tại nhà người dân")
    CLASS = "class", _("Lớp, buổi hướng dẫn cộng đồng")
    SERVICE_CENTRE = "service_centre", _("Trung tâm phục vụ hành chính công xã")
    REMOTE = "remote", _("Từ xa, qua điện thoại")


class CitizenGender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class IndicatorKind(models.TextChoices):
    ADULTS = "adults", _("Dân số từ 15 tuổi trở lên")
    HOUSEHOLDS = "households", _("Số hộ gia đình")
    PORTAL_ACCOUNTS = "portal_accounts", _("Tài khoản Cổng Dịch vụ công (số liệu chính thức)")
    VNEID_LEVEL2 = "vneid_level2", _("Tài khoản định danh điện tử mức 2 (số liệu chính thức)")


class IndicatorSource(models.TextChoices):
    ENTERED = "entered", _("Nhập tay")
    IMPORTED = "imported", _("Nhập từ tệp")
    OFFICIAL = "official", _("Số liệu chính thức")


class MonthStatus(models.TextChoices):
    OPEN = "open", _("Chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")


# The five basic digital skills and VNeID: (field name, label). One boolean per skill on a
# record, so reports count them with one SUM each.
SKILLS = [
    ("skill_public_services", _("Dịch vụ công trực tuyến")),
    ("skill_online_shopping", _("Mua sắm trực tuyến")),
    ("skill_cashless", _("Thanh toán không dùng tiền mặt")),
    ("skill_online_safety", _("An toàn trên không gian mạng")),
    ("skill_local_platforms", _("Nền tảng số của địa phương")),
    ("skill_vneid", _("VNeID")),
]

# Outcomes, each a count of citizens on one record: (field name, label).
OUTCOMES = [
    ("vneid_installed", _("Cài đặt VNeID")),
    ("vneid_level2", _("Hướng dẫn kích hoạt định danh mức 2")),
    ("portal_account", _("Tạo tài khoản Cổng Dịch vụ công quốc gia")),
    ("dossier_self", _("Người dân tự nộp hồ sơ trực tuyến")),
    ("dossier_proxy", _("Nộp hồ sơ trực tuyến thay người dân")),
    ("cashless_setup", _("Mở tài khoản, mã QR thanh toán không dùng tiền mặt")),
    ("fraud_warning", _("Cảnh báo lừa đảo trực tuyến")),
    ("bhvs_enrolled", _("Đăng ký học “Bình dân học vụ số”")),
]
