"""Deterministic synthetic data at national scale, on top of the real administrative units.

``generate(preset="small", seed=1)`` fills hamlets, teams, members, training sessions with
rosters and attendance, enrolments, lesson progress, course completions and certificates with
the shapes of the real programme (20-40 hamlets per ward, 0-1 team per hamlet, 3-9 members per
team, about six attendance rows and 1.4 certificates per member). The national preset writes about
six million rows, so everything goes through ``bulk_create`` in batches with foreign keys kept
in memory: the number of queries grows with the number of batches, never with the number of rows.

Determinism: one ``random.Random(seed)`` drives every choice, in a fixed order (provinces and
wards by code), so the same preset and seed give the same names and counts on any database.
Primary keys and certificate verification codes differ between runs; nothing relies on them.

Re-running: scale people are recognised by the reserved phone range ``0599xxxxxx`` (demo and
real data never use it). If any exists, ``generate`` refuses with :class:`ScaleDataExists`;
load scale data into a fresh database instead of mixing two generations.
"""

import datetime
import random
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from certificates.numbering import add_months, format_number

from . import names

PHONE_PREFIX = "0599"  # 0599000000-0599999999: a Gmobile range no demo or import uses
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


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class _Writer:
    """Buffers unsaved rows per model and writes them with ``bulk_create`` in batches."""

    def __init__(self, stats, batch_size=BATCH_SIZE):
        self.stats = stats
        self.batch_size = batch_size
        self.buffers = defaultdict(list)

    def add(self, obj):
        buffer = self.buffers[type(obj)]
        buffer.append(obj)
        if len(buffer) >= self.batch_size:
            self.flush(type(obj))

    def create(self, objs):
        """Write now and return the objects with their primary keys."""
        if not objs:
            return objs
        self._write(type(objs[0]), objs)
        return objs

    def _write(self, model, objs, *, returning=True):
        tick = time.perf_counter()
        if not returning and connection.vendor == "postgresql":
            _copy(model, objs)
        else:
            model.objects.bulk_create(objs, batch_size=self.batch_size)
        self.stats.counts[model._meta.label] += len(objs)
        self.stats.write_seconds[model._meta.label] += time.perf_counter() - tick

    def flush(self, model=None):
        for key in [model] if model else list(self.buffers):
            objs = self.buffers.pop(key, [])
            if objs:
                self._write(key, objs, returning=False)


def _copy(model, objs):
    """PostgreSQL's COPY for rows whose keys nobody needs back: several times cheaper for the
    server than multi-row INSERTs. Values go through the same ``pre_save`` and
    ``get_db_prep_save`` as ``bulk_create`` (NFC text, folded search keys, timestamps)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in objs:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )


class _People:
    """Composes Vietnamese names, birth dates, phones and CCCD numbers."""

    def __init__(self, rng):
        self.rng = rng
        self.serial = 0
        family, weights = zip(*names.FAMILY_NAMES, strict=True)
        self.family, self.family_weights = family, weights

    def person(self, *, southern, province_code):
        rng = self.rng
        gender = "female" if rng.random() < 0.47 else "male"
        family = rng.choices(self.family, weights=self.family_weights)[0]
        if southern:
            family = names.SOUTHERN_SPELLING.get(family, family)
        if gender == "female":
            middle = _weighted(rng, names.FEMALE_MIDDLE)
            given = rng.choice(names.FEMALE_GIVEN)
        else:
            middle = _weighted(rng, names.MALE_MIDDLE)
            given = rng.choice(names.MALE_GIVEN)
        born = datetime.date(1962, 1, 1) + datetime.timedelta(days=rng.randrange(0, 43 * 365))
        serial = self.serial
        self.serial += 1
        phone = f"{PHONE_PREFIX}{serial:06d}"
        cccd = ""
        if rng.random() < 0.7:
            # CCCD: birth-registration province (3 digits), century and gender digit, year of
            # birth (2 digits), then a serial; unique because the serial is.
            century_gender = (0 if born.year < 2000 else 2) + (1 if gender == "female" else 0)
            cccd = f"{int(province_code):03d}{century_gender}{born.year % 100:02d}{serial:06d}"
        return {
            "family": family,
            "middle": middle,
            "given": given,
            "full_name": f"{family} {middle} {given}",
            "gender": gender,
            "date_of_birth": born,
            "phone": phone,
            "cccd": cccd,
        }


def _hamlet_kind(rng, ward_type, province_code):
    if ward_type == "phuong":
        if province_code in SOUTHERN:
            return "khu_pho" if rng.random() < 0.8 else "khom"
        return "to_dan_pho"
    if ward_type == "dac_khu":
        return "thon" if rng.random() < 0.6 else "to_dan_pho"
    if province_code in SOUTHERN:
        return "ap"
    if province_code in NORTHERN_HIGHLANDS:
        return "ban" if rng.random() < 0.6 else "thon"
    if province_code in CENTRAL_HIGHLANDS:
        return _weighted(rng, [("thon", 6), ("buon", 2), ("lang", 2)])
    return "thon"


def _hamlet_names(rng, kind, count, province_code):
    """Numbered groups in towns ("Tổ dân phố 7"); named hamlets in the country ("Thôn Tân
    Lập"), unique within the ward."""
    if kind in ("to_dan_pho", "khu_pho", "khom"):
        return [str(n) for n in range(1, count + 1)]
    highland = province_code in NORTHERN_HIGHLANDS and kind == "ban"
    first = names.HIGHLAND_FIRST if highland else names.PLACE_FIRST
    second = names.HIGHLAND_SECOND if highland else names.PLACE_SECOND
    chosen, seen = [], set()
    while len(chosen) < count:
        if rng.random() < 0.3:
            name = str(len(chosen) + 1)
        else:
            name = f"{rng.choice(first)} {rng.choice(second)}"
        if name not in seen:
            seen.add(name)
            chosen.append(name)
    return chosen


def _day(rng, start=FIRST_DAY, end=LAST_DAY):
    return start + datetime.timedelta(days=rng.randrange(0, (end - start).days + 1))


def scale_data_exists():
    from teams.models import Member

    return Member.objects.filter(phone__startswith=PHONE_PREFIX).exists()


def _ensure_courses(stats):
    """The scale courses: a handful of pages, created through Wagtail's page API."""
    from certificates.models import CertificateTemplate
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from lms.pages.models import HomePage

    index = CourseIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        if home is None:
            from lms.demo import seed_site

            seed_site()
            home = HomePage.objects.first()
        index = home.add_child(
            instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc", intro="")
        )
    template, _created = CertificateTemplate.objects.get_or_create(
        number_suffix=CERTIFICATE_KEY,
        defaults={
            "name": "Mẫu giấy chứng nhận của Cục Chuyển đổi số quốc gia",
            "issuing_body_upper": "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
            "issuing_body": "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA",
            "place_name": "Hà Nội",
            "signer_name": "Lê Minh Quang",
            "signer_title": "Cục trưởng",
            "validity_months": 36,
        },
    )
    courses = []
    for code, title, min_sessions, lesson_titles in COURSES:
        course = CoursePage.objects.filter(code=COURSE_CODE_PREFIX + code).first()
        if course is None:
            course = index.add_child(
                instance=CoursePage(
                    title=title,
                    slug=f"quy-mo-{code.lower()}",
                    code=COURSE_CODE_PREFIX + code,
                    summary=f"Khóa học dành cho thành viên Tổ công nghệ số cộng đồng: {title}.",
                    audience="Thành viên Tổ công nghệ số cộng đồng",
                    estimated_hours=3,
                    min_sessions=min_sessions,
                    sequential=True,
                    certificate_template=template,
                )
            )
            for position, lesson_title in enumerate(lesson_titles, start=1):
                course.add_child(
                    instance=LessonPage(
                        title=lesson_title,
                        slug=f"bai-{position}",
                        intro=f"Sau bài này, bạn biết: {lesson_title.lower()}.",
                        estimated_minutes=10,
                        body=[
                            ("heading", lesson_title),
                            (
                                "paragraph",
                                "<p>Bài học ngắn, đọc trên điện thoại trong khoảng mười phút. "
                                "Làm theo từng bước, rồi hướng dẫn lại cho bà con trong thôn, "
                                "tổ dân phố của mình.</p>",
                            ),
                        ],
                    )
                )
            stats.counts["courses.CoursePage"] += 1
        lessons = list(
            LessonPage.objects.child_of(course).order_by("path").values_list("pk", flat=True)
        )
        courses.append((course, lessons))
    return template, courses


def _next_sequences(key):
    """The first free number per year for ``key``: after both the counter and any number
    already used (so a counter that lagged behind is never trusted blindly)."""
    from certificates.models import Certificate, CertificateCounter

    start = {}
    for year in (2025, 2026):
        counter = CertificateCounter.objects.filter(issuing_body_key=key, year=year).first()
        used = Certificate.objects.filter(issuing_body_key=key, year=year).aggregate(
            m=Max("sequence")
        )["m"]
        start[year] = max(counter.last_sequence if counter else 0, used or 0) + 1
    return start


def _advance_counters(key, next_sequence):
    from certificates.models import CertificateCounter

    for year, following in next_sequence.items():
        counter, _created = CertificateCounter.objects.select_for_update().get_or_create(
            issuing_body_key=key, year=year, defaults={"last_sequence": 0}
        )
        if counter.last_sequence < following - 1:
            counter.last_sequence = following - 1
            counter.save(update_fields=["last_sequence"])


def _wards_for(preset, province_code=None):
    from teams.models import Hamlet, Province, Ward

    codes = preset.province_codes
    if province_code:
        codes = (province_code,)
    provinces = Province.objects.order_by("code")
    if codes is not None:
        provinces = provinces.filter(code__in=codes)
    provinces = list(provinces)
    taken = set(Hamlet.objects.values_list("ward_id", flat=True).distinct())
    wards = defaultdict(list)
    for ward in Ward.objects.filter(province__in=provinces).order_by("code"):
        if ward.pk in taken:
            continue  # demo or real hamlets: leave that ward alone
        if preset.max_wards and len(wards[ward.province_id]) >= preset.max_wards:
            continue
        wards[ward.province_id].append(ward)
    return [(province, wards[province.pk]) for province in provinces if wards[province.pk]]


def generate(*, preset="small", seed=1, province_code=None, stdout=None) -> Stats:
    """Load scale data and return what was written. Runs in one transaction."""
    from teams.models import Province

    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}")
    if not Province.objects.exists():
        raise LookupError("administrative units not loaded")
    if scale_data_exists():
        raise ScaleDataExists(PHONE_PREFIX)
    from lms.reports.activity import member_activity_refresh
    from teams.models import Member

    started = time.perf_counter()
    stats = Stats()
    last_member = Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with translation.override("vi"), transaction.atomic():
        _generate(PRESETS[preset], random.Random(seed), stats, province_code, stdout)
        # Bulk inserts bypass the services, so the reports' member summary is computed once
        # for everyone just loaded.
        summary_started = time.perf_counter()
        member_activity_refresh(
            member_ids=Member.objects.filter(pk__gt=last_member).values_list("pk", flat=True)
        )
        summary_seconds = time.perf_counter() - summary_started
        _log(
            stdout,
            _("Số liệu bao phủ cho báo cáo: %(seconds).1f giây") % {"seconds": summary_seconds},
        )
    _analyze()
    stats.seconds = time.perf_counter() - started
    return stats


def _analyze():
    """Refresh the planner's statistics after the bulk load. Without them PostgreSQL plans the
    report queries as if the tables were empty (autovacuum gets there minutes later), and a
    benchmark run right after loading measures bad plans instead of the code."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _generate(preset, rng, stats, province_code, stdout):
    from certificates.models import Certificate
    from courses.attendance.models import Attendance, TrainingSession
    from courses.models import CourseCompletion, Enrolment, LessonProgress
    from lms.accounts.models import User
    from teams.choices import HamletKind
    from teams.models import CommunityTeam, Hamlet, Member, Membership

    template, courses = _ensure_courses(stats)
    password = make_password(SCALE_PASSWORD)
    writer = _Writer(stats)
    people = _People(rng)
    next_sequence = _next_sequences(CERTIFICATE_KEY)
    kind_labels = {value: str(label) for value, label in HamletKind.choices}
    sizes, size_weights = zip(*TEAM_SIZE_WEIGHTS.items(), strict=True)
    now = datetime.datetime.now(tz=TZ)
    expiry_months = template.validity_months
    TargetWards = TrainingSession.target_wards.through
    Trainers = TrainingSession.trainers.through

    for province, wards in _wards_for(preset, province_code):
        tick = time.perf_counter()
        southern = province.code in SOUTHERN
        trainer = writer.create(
            [
                User(
                    username=f"{TRAINER_USERNAME_PREFIX}{province.code}",
                    first_name="Giảng viên",
                    last_name=f"Quy mô {province.short_name}",
                    role="trainer",
                    province_id=province.pk,
                    password=password,
                )
            ]
        )[0]

        # Hamlets, then teams (0-1 per hamlet; some wards have none at all).
        teamless = {w.pk for w in wards if rng.random() < NO_TEAM_WARD_SHARE}
        if not teamless and len(wards) > 1:
            teamless = {wards[-1].pk}
        hamlets = []
        for ward in wards:
            count = rng.randint(20, 40)
            kind = _hamlet_kind(rng, ward.ward_type, province.code)
            for position, name in enumerate(_hamlet_names(rng, kind, count, province.code)):
                hamlets.append(
                    Hamlet(
                        ward_id=ward.pk,
                        name=name,
                        kind=kind,
                        code=f"{ward.code}{position + 1:03d}",
                        is_active=True,
                        valid_from=datetime.date(2025, 7, 1),
                    )
                )
        writer.create(hamlets)
        ward_by_id = {w.pk: w for w in wards}
        teams = []
        for hamlet in hamlets:
            if hamlet.ward_id in teamless or rng.random() >= TEAM_IN_HAMLET_SHARE:
                continue
            ward = ward_by_id[hamlet.ward_id]
            decided = _day(rng, datetime.date(2025, 3, 1), datetime.date(2025, 10, 31))
            teams.append(
                CommunityTeam(
                    level="hamlet",
                    ward_id=ward.pk,
                    hamlet_id=hamlet.pk,
                    name=f"Tổ công nghệ số cộng đồng {kind_labels[hamlet.kind]} {hamlet.name}",
                    decision_number=f"{rng.randint(10, 999)}/QĐ-UBND",
                    decision_date=decided,
                    decision_body=f"UBND {ward.name}",
                    founded_on=decided,
                    status="active",
                    monthly_stipend=rng.choice([None, 300000, 500000, 700000]),
                )
            )
        writer.create(teams)

        # Members with their accounts (leaders sign in) and memberships.
        users, members, roles = [], [], []
        for team in teams:
            size = rng.choices(sizes, weights=size_weights)[0]
            deputies = min(rng.randint(0, 2), size - 1)
            for position in range(size):
                role = "leader" if position == 0 else "deputy" if position <= deputies else "member"
                person = people.person(southern=southern, province_code=province.code)
                qualification = _weighted(rng, QUALIFICATION_WEIGHTS)
                affiliation = (
                    "hamlet_head"
                    if role == "leader" and rng.random() < 0.5
                    else _weighted(rng, AFFILIATION_WEIGHTS)
                )
                consent = rng.random() < 0.4
                member = Member(
                    full_name=person["full_name"],
                    gender=person["gender"],
                    date_of_birth=person["date_of_birth"],
                    phone=person["phone"],
                    cccd=person["cccd"],
                    affiliation=affiliation,
                    it_qualification=qualification,
                    it_major=qualification in ("college", "university", "postgraduate")
                    and rng.random() < 0.3,
                    ward_id=team.ward_id,
                    public_consent=consent,
                    public_consent_at=now if consent else None,
                )
                if len(stats.first_names) < 20:
                    stats.first_names.append(person["full_name"])
                if role == "leader":
                    user = User(
                        username=person["phone"],
                        phone=person["phone"],
                        first_name=person["given"],
                        last_name=f"{person['family']} {person['middle']}",
                        role="member",
                        password=password,
                    )
                    users.append(user)
                    member._scale_user = user
                members.append(member)
                roles.append((team, role))
        writer.create(users)
        for member in members:
            user = getattr(member, "_scale_user", None)
            if user is not None:
                member.user_id = user.pk
        writer.create(members)
        team_members = defaultdict(list)
        ward_members = defaultdict(list)
        for member, (team, role) in zip(members, roles, strict=True):
            writer.add(
                Membership(
                    member_id=member.pk,
                    team_id=team.pk,
                    role=role,
                    joined_on=team.founded_on + datetime.timedelta(days=rng.randint(0, 60)),
                )
            )
            team_members[team.pk].append(member)
            ward_members[team.ward_id].append((member, team))

        # Training sessions per ward, each inviting every team of the ward.
        sessions, session_wards = [], []
        for ward in wards:
            if not ward_members[ward.pk]:
                continue
            for _n in range(rng.randint(*SESSIONS_PER_WARD)):
                course, _lessons = rng.choice(courses)
                day = _day(rng)
                hour = rng.choice([8, 14])
                starts = datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)
                ends = starts + datetime.timedelta(hours=3)
                sessions.append(
                    TrainingSession(
                        title=f"Tập huấn: {course.title}",
                        course_id=course.pk,
                        organiser_province_id=province.pk,
                        organiser_ward_id=ward.pk,
                        venue=f"Hội trường UBND {ward.name}",
                        starts_at=starts,
                        ends_at=ends,
                        closed_at=ends + datetime.timedelta(hours=1),
                        created_by_id=trainer.pk,
                    )
                )
                session_wards.append(ward.pk)
        writer.create(sessions)
        writer.create(
            [
                TargetWards(trainingsession_id=s.pk, ward_id=w)
                for s, w in zip(sessions, session_wards, strict=True)
            ]
        )
        writer.create([Trainers(trainingsession_id=s.pk, user_id=trainer.pk) for s in sessions])

        # Rosters and attendance; remember who attended what for completion below.
        attended = defaultdict(list)  # (member id, course id) -> [(session, day)]
        for session, ward_id in zip(sessions, session_wards, strict=True):
            for member, _team in ward_members[ward_id]:
                status = _weighted(rng, ATTENDANCE_WEIGHTS)
                values = {}
                if status in ("present", "late"):
                    late = status == "late"
                    offset = rng.randint(16, 50) if late else rng.randint(-25, 14)
                    values = {
                        "checked_in_at": session.starts_at + datetime.timedelta(minutes=offset),
                        "method": _weighted(rng, CHECK_IN_METHODS),
                    }
                    attended[(member.pk, session.course_id)].append(session)
                writer.add(
                    Attendance(session_id=session.pk, member_id=member.pk, status=status, **values)
                )

        # Enrolments, progress, completions and certificates.
        for ward in wards:
            for member, team in ward_members[ward.pk]:
                for course, lessons in courses:
                    went = attended.get((member.pk, course.pk), [])
                    if went:
                        enrolled = rng.random() < 0.6
                    else:
                        enrolled = rng.random() < 0.07
                    if not enrolled:
                        continue
                    last = max(went, key=lambda s: s.starts_at) if went else None
                    enrolled_at = (
                        last.starts_at - datetime.timedelta(days=rng.randint(1, 20))
                        if last
                        else datetime.datetime.combine(_day(rng), datetime.time(20), tzinfo=TZ)
                    )
                    writer.add(
                        Enrolment(
                            member_id=member.pk,
                            course_id=course.pk,
                            enrolled_at=enrolled_at,
                            source="bulk" if went else "self",
                        )
                    )
                    finishes = rng.random() < (0.8 if went else 0.3)
                    done = len(lessons) if finishes else rng.randint(0, len(lessons) - 1)
                    if len(went) < course.min_sessions:
                        finishes = False
                    for position, lesson_id in enumerate(lessons[: done + (0 if finishes else 1)]):
                        seen = enrolled_at + datetime.timedelta(days=position + 1)
                        writer.add(
                            LessonProgress(
                                member_id=member.pk,
                                lesson_id=lesson_id,
                                last_viewed_at=seen,
                                completed_at=seen if position < done else None,
                            )
                        )
                    if not finishes:
                        continue
                    completed_on = min(
                        (enrolled_at + datetime.timedelta(days=len(lessons) + 1)).date(),
                        LAST_DAY,
                    )
                    if last is not None:
                        completed_on = max(completed_on, last.starts_at.date())
                    writer.add(
                        CourseCompletion(
                            member_id=member.pk,
                            course_id=course.pk,
                            completed_on=completed_on,
                            quiz_score_percent=None,
                            sessions_attended=len(went),
                        )
                    )
                    if rng.random() >= 0.92:
                        continue  # completed, certificate not issued yet
                    issued_on = min(
                        completed_on + datetime.timedelta(days=rng.randint(0, 20)), LAST_DAY
                    )
                    sequence = next_sequence[issued_on.year]
                    next_sequence[issued_on.year] = sequence + 1
                    writer.add(
                        Certificate(
                            number=format_number(sequence, issued_on.year, CERTIFICATE_KEY),
                            issuing_body_key=CERTIFICATE_KEY,
                            year=issued_on.year,
                            sequence=sequence,
                            holder_id=member.pk,
                            course_id=course.pk,
                            session_id=last.pk if last else None,
                            template_id=template.pk,
                            issued_on=issued_on,
                            expires_on=_add_months(issued_on, expiry_months),
                            status="valid",
                            holder_name=member.full_name,
                            holder_birth_date=member.date_of_birth,
                            holder_team_name=team.name,
                            holder_ward_name=ward.name,
                            course_title=course.title,
                            course_code=course.code,
                            course_hours=course.estimated_hours,
                            issuing_body_upper=template.issuing_body_upper,
                            issuing_body_name=template.issuing_body,
                        )
                    )
        _log(
            stdout,
            _("%(province)s: %(wards)s xã, phường, %(members)s thành viên (%(seconds).1f giây)")
            % {
                "province": province.name,
                "wards": len(wards),
                "members": len(members),
                "seconds": time.perf_counter() - tick,
            },
        )
    writer.flush()
    _advance_counters(CERTIFICATE_KEY, next_sequence)


def _add_months(day, months):
    return add_months(day, months) if months else None
