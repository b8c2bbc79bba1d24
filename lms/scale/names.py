"""Vietnamese name parts for synthetic people and places.

Weights follow the rough shares of the most common family names (Nguyễn about four in ten, then
Trần, Lê, Phạm...), so a generated province looks like a real one in lists and search results:
many Nguyễn, Thị as the usual middle name of women, Văn of men. Names are composed, never copied
from a real list of people.
"""

# (family name, weight in thousandths). Hoàng/Huỳnh and Vũ/Võ are the northern/southern
# spellings of the same names; the generator picks the spelling by region.
FAMILY_NAMES = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 51),
    ("Phan", 45),
    ("Vũ", 39),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 9),
    ("Trương", 8),
    ("Lâm", 6),
    ("Mai", 6),
    ("Trịnh", 5),
    ("Đào", 5),
    ("Cao", 4),
    ("Lương", 4),
    ("Tạ", 3),
    ("Hà", 4),
    ("Lưu", 3),
    ("Tô", 3),
    ("Châu", 3),
    ("Quách", 2),
    ("Thái", 2),
    ("Vương", 2),
    ("Kiều", 2),
    ("Triệu", 2),
    ("Lò", 2),
]
SOUTHERN_SPELLING = {"Hoàng": "Huỳnh", "Vũ": "Võ"}

MALE_MIDDLE = [
    ("Văn", 40),
    ("Hữu", 8),
    ("Đức", 8),
    ("Minh", 10),
    ("Quốc", 6),
    ("Thanh", 6),
    ("Công", 5),
    ("Xuân", 4),
    ("Ngọc", 3),
    ("Tiến", 3),
    ("Đình", 4),
    ("Trọng", 3),
    ("Quang", 5),
    ("Hoàng", 3),
    ("Anh", 3),
]

FEMALE_MIDDLE = [
    ("Thị", 55),
    ("Ngọc", 8),
    ("Thanh", 7),
    ("Minh", 4),
    ("Thu", 5),
    ("Kim", 4),
    ("Bích", 3),
    ("Mỹ", 3),
    ("Hồng", 4),
    ("Phương", 3),
    ("Diệu", 2),
    ("Hoài", 2),
]

# fmt: off
MALE_GIVEN = [
    "An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Đạt", "Đông", "Đức",
    "Giang", "Hải", "Hào", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khang", "Khánh",
    "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phát",
    "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Tân", "Thái", "Thành", "Thắng",
    "Thịnh", "Thuận", "Tiến", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
]

FEMALE_GIVEN = [
    "An", "Anh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nhung", "Nhi", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thanh",
    "Thu", "Thủy", "Thư", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
]

# Parts of hamlet names ("Tân Lập", "Phú Hòa", "Đông Thịnh"): the usual auspicious syllables.
PLACE_FIRST = [
    "An", "Bình", "Đông", "Tây", "Nam", "Bắc", "Tân", "Phú", "Hòa", "Thạnh", "Thịnh", "Long",
    "Phước", "Mỹ", "Vĩnh", "Hưng", "Trung", "Thượng", "Hạ", "Yên", "Xuân", "Quyết", "Đồng",
]
PLACE_SECOND = [
    "An", "Bình", "Hòa", "Lập", "Lợi", "Phú", "Thành", "Thắng", "Tiến", "Trung", "Hưng", "Phát",
    "Lộc", "Thọ", "Xuân", "Sơn", "Hải", "Tân", "Mỹ", "Quý", "Thuận", "Long", "Khánh", "Nghĩa",
]
# Hamlet names in the northern mountains are often the Tày, Thái or Mông name of a stream or
# field ("Nà Pục", "Bản Nặm Cắm"); a few such syllables make those provinces look like themselves.
HIGHLAND_FIRST = ["Nà", "Nặm", "Khuổi", "Pác", "Phiêng", "Huổi", "Co", "Nậm", "Lũng", "Tà"]
HIGHLAND_SECOND = ["Pục", "Cắm", "Lìu", "Mòn", "Sáng", "Hon", "Pản", "Khao", "Chang", "Bó", "Lào"]
# fmt: on
