from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    # Blank means "invited, not marked yet": a roster row exists before anyone is marked.
    NOT_MARKED = "", _("Chưa điểm danh")
    PRESENT = "present", _("Có mặt")
    LATE = "late", _("Đi muộn")
    EXCUSED = "excused", _("Vắng có phép")
    ABSENT = "absent", _("Vắng không phép")


# Present and late count as attended for course completion, certificates and reports.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class CheckInMethod(models.TextChoices):
    QR = "qr", _("Quét mã QR")
    CODE = "code", _("Nhập mã 6 số")
    ROLL_CALL = "roll_call", _("Giảng viên điểm danh")
    # Marked on the trainer's phone without a network and sent later (issue 19, item 3); the
    # audit row's reason says when it was synced.
    ROLL_CALL_OFFLINE = "roll_off", _("Điểm danh tại lớp (ngoại tuyến)")
    SHEET = "sheet", _("Phiếu ký tên")
    WALK_IN = "walk_in", _("Đến trực tiếp")
