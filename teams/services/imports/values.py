"""The words found in real member lists and the values they stand for (gender, role, IT
qualification, affiliation, yes/no, the kind of a hamlet)."""

import functools

from django.utils.translation import gettext_lazy

from lms.core.text import fold, normalize_text

from ...choices import Affiliation, Gender, HamletKind, ITQualification, TeamRole, WardType


def _label_lookup(choices, extra=None):
    table = {fold(label): value for value, label in choices.choices}
    table.update({fold(value): value for value in choices.values})
    for value, words in (extra or {}).items():
        for word in words:
            table[fold(word)] = value
    return table


GENDERS = _label_lookup(Gender)
ROLES = _label_lookup(
    TeamRole,
    {
        TeamRole.LEADER: ["to truong", "truong"],
        TeamRole.DEPUTY: ["to pho", "pho", "to pho thuong truc"],
        TeamRole.MEMBER: ["thanh vien", "to vien", "tv"],
    },
)
QUALIFICATIONS = _label_lookup(
    ITQualification,
    {
        ITQualification.NONE: ["khong", "chua", "chua co", "khong co", "so cap", "chung chi"],
        ITQualification.VOCATIONAL: ["trung cap", "tc"],
        ITQualification.COLLEGE: ["cao dang", "cd"],
        ITQualification.UNIVERSITY: ["dai hoc", "dh", "cu nhan", "ky su"],
        ITQualification.POSTGRADUATE: ["thac si", "tien si", "ths", "ts"],
    },
)
AFFILIATION_WORDS = [
    (Affiliation.HAMLET_HEAD, ["truong thon", "truong ap", "to truong to dan pho", "truong khu"]),
    (Affiliation.POLICE, ["cong an"]),
    (Affiliation.YOUTH_UNION, ["doan thanh nien", "doan tn", "chi doan"]),
    (Affiliation.WOMEN_UNION, ["phu nu", "lhpn"]),
    (Affiliation.FARMERS_UNION, ["nong dan"]),
    (Affiliation.VETERANS, ["cuu chien binh", "ccb"]),
    (Affiliation.FATHERLAND_FRONT, ["mat tran"]),
    (Affiliation.TEACHER, ["giao vien", "truong hoc"]),
    (Affiliation.HEALTH, ["y te", "tram y te", "benh vien"]),
    (Affiliation.TELECOM, ["vien thong", "buu dien", "viettel", "vnpt", "mobifone"]),
]
AFFILIATIONS = _label_lookup(Affiliation)
YES = {"co", "x", "1", "yes", "true", "dung"}
NO = {"khong", "0", "no", "false"}
HAMLET_PREFIXES = [
    ("to dan pho ", HamletKind.TO_DAN_PHO),
    ("tdp ", HamletKind.TO_DAN_PHO),
    ("khu pho ", HamletKind.KHU_PHO),
    ("thon ", HamletKind.THON),
    ("ap ", HamletKind.AP),
    ("ban ", HamletKind.BAN),
    ("buon ", HamletKind.BUON),
    ("lang ", HamletKind.LANG),
    ("soc ", HamletKind.SOC),
    ("khom ", HamletKind.KHOM),
]


# Labels and messages used on every row: translated lazily, formatted only on error.
DATE_COLUMNS = (
    ("date_of_birth", gettext_lazy("Ngày sinh")),
    ("joined_on", gettext_lazy("Ngày tham gia")),
)
CHOICE_COLUMNS = (
    ("gender", GENDERS, gettext_lazy("Giới tính “%s” không hợp lệ (Nam, Nữ, Khác).")),
    (
        "role",
        ROLES,
        gettext_lazy("Chức vụ “%s” không hợp lệ (Tổ trưởng, Tổ phó, Tổ viên)."),
    ),
    (
        "it_qualification",
        QUALIFICATIONS,
        gettext_lazy(
            "Trình độ CNTT “%s” không hợp lệ (Chưa qua đào tạo, Trung cấp, Cao đẳng, "
            "Đại học, Sau đại học)."
        ),
    ),
)
# Most cells of a list repeat the same few words ("Nam", "Tổ viên", "Khu vực 1"...).
fold_cached = functools.lru_cache(maxsize=8192)(fold)


def affiliation_value(text):
    key = fold_cached(text)
    if not key:
        return None, False
    if key in AFFILIATIONS:
        return AFFILIATIONS[key], False
    for value, words in AFFILIATION_WORDS:
        if any(word in key for word in words):
            return value, False
    return Affiliation.OTHER, True


def hamlet_kind_and_name(text, ward):
    """ "Ấp Tân Lợi" -> (ấp, "Tân Lợi"); without a kind word, the usual kind for the ward."""
    name = normalize_text(text)
    folded = fold(name)
    for prefix, kind in HAMLET_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return kind, name[len(prefix) :].strip()
    default = HamletKind.TO_DAN_PHO if ward.ward_type == WardType.PHUONG else HamletKind.THON
    return default, name


def hamlet_keys(hamlet):
    return {fold(hamlet.name), fold(f"{hamlet.get_kind_display()} {hamlet.name}")}
