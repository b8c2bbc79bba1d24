"""What a scale load looks like: the presets, the programme's proportions and the courses.

Every share and weight here is read off the real programme (see the package docstring); the
modules that write rows take them from here so that one place says what "national scale" means.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from lms.core.validators import TEST_PHONE_PREFIX

# 0100000000-0100999999: the documented test range no real subscriber has (see
# lms.core.validators); valid only where settings.LMS_ALLOW_TEST_PHONES is on.
PHONE_PREFIX = TEST_PHONE_PREFIX
SCALE_PASSWORD = "Scale@2026"
TRAINER_USERNAME_PREFIX = "quymo-giangvien-"
COURSE_CODE_PREFIX = "QM-"
CERTIFICATE_KEY = "GCN-CDSQG"
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = datetime.date(2025, 8, 1)
LAST_DAY = datetime.date(2026, 11, 10)
BATCH_SIZE = 5000

# Provinces whose communes name their hamlets "ấp" (the South) and those in the northern
# mountains where "bản" is common; the Central Highlands have "buôn" and "làng".
SOUTHERN = {"75", "79", "80", "82", "86", "91", "92", "96"}
NORTHERN_HIGHLANDS = {"04", "08", "11", "12", "14", "15", "20"}
CENTRAL_HIGHLANDS = {"52", "66", "68"}

NO_TEAM_WARD_SHARE = 0.05
TEAM_IN_HAMLET_SHARE = 0.79
TEAM_SIZE_WEIGHTS = {3: 25, 4: 25, 5: 18, 6: 12, 7: 8, 8: 6, 9: 6}
SESSIONS_PER_WARD = (3, 8)

AFFILIATION_WEIGHTS = [
    ("youth_union", 22),
    ("women_union", 14),
    ("police", 12),
    ("teacher", 10),
    ("farmers_union", 8),
    ("veterans", 6),
    ("fatherland_front", 6),
    ("health", 5),
    ("telecom", 5),
    ("hamlet_head", 4),
    ("other", 8),
]
QUALIFICATION_WEIGHTS = [
    ("none", 50),
    ("vocational", 15),
    ("college", 13),
    ("university", 19),
    ("postgraduate", 3),
]
ATTENDANCE_WEIGHTS = [("present", 72), ("late", 8), ("excused", 8), ("absent", 12)]
CHECK_IN_METHODS = [("qr", 55), ("code", 15), ("roll_call", 20), ("sheet", 10)]

COURSES = [
    (
        "DVC",
        "Hướng dẫn người dân dùng dịch vụ công trực tuyến và VNeID",
        1,
        [
            "Tài khoản định danh điện tử mức độ 2",
            "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia",
            "Tra cứu kết quả và nhận thông báo",
        ],
    ),
    (
        "TTKDTM",
        "Thanh toán không dùng tiền mặt an toàn",
        0,
        ["Mở ví và tài khoản ngân hàng số", "Quét mã QR để trả tiền", "Giữ an toàn mã OTP"],
    ),
    (
        "ATTT",
        "Nhận diện và phòng tránh lừa đảo trực tuyến",
        1,
        [
            "Các thủ đoạn giả danh thường gặp",
            "Kiểm tra đường dẫn và ứng dụng lạ",
            "Xử lý khi bị lừa: báo ai, làm gì",
        ],
    ),
    (
        "TMDT",
        "Giúp bà con bán nông sản trên sàn thương mại điện tử",
        0,
        ["Chọn sàn và mở gian hàng", "Chụp ảnh, viết mô tả sản phẩm", "Đóng gói, giao hàng"],
    ),
]


class ScaleDataExists(Exception):
    """Scale data is already loaded in this database."""


@dataclass(frozen=True)
class Preset:
    name: str
    province_codes: tuple | None  # None: every province
    max_wards: int | None = None  # per province


PRESETS = {
    # Four wards of Cần Thơ (the demo province) that carry no demo hamlets: seconds on SQLite.
    "small": Preset("small", ("92",), max_wards=4),
    "province": Preset("province", ("92",)),
    "national": Preset("national", None),
}


@dataclass
class Stats:
    counts: dict = field(default_factory=lambda: defaultdict(int))
    write_seconds: dict = field(default_factory=lambda: defaultdict(float))
    seconds: float = 0.0
    first_names: list = field(default_factory=list)


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def random_day(rng, start=FIRST_DAY, end=LAST_DAY):
    return start + datetime.timedelta(days=rng.randrange(0, (end - start).days + 1))
