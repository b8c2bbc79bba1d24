from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BASIC = "basic", _("Cơ bản")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Nâng cao")


class DigitalSkillCode(models.TextChoices):
    """The five basic digital skills the national campaign teaches every citizen."""

    PUBLIC_SERVICES = "public_services", _("Sử dụng dịch vụ công trực tuyến")
    ONLINE_SHOPPING = "online_shopping", _("Mua sắm trực tuyến")
    ONLINE_PAYMENT = "online_payment", _("Thanh toán trực tuyến")
    SELF_PROTECTION = "self_protection", _("Tự bảo vệ trên môi trường mạng")
    LOCAL_PLATFORMS = "local_platforms", _("Sử dụng các nền tảng số khác tại địa phương")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Tự ghi danh")
    BULK = "bulk", _("Ghi danh theo danh sách")


class TrueFalse(models.TextChoices):
    TRUE = "true", _("Đúng")
    FALSE = "false", _("Sai")


class RevealAnswers(models.TextChoices):
    """When a learner sees the correct answers and explanations of a quiz (Moodle's "review
    options", reduced to the three a course needs). Before that, only the score is shown."""

    AFTER_PASS = "after_pass", _("Sau khi đạt")
    AFTER_LAST_ATTEMPT = "after_last_attempt", _("Sau lần làm cuối")
    NEVER = "never", _("Không bao giờ")
