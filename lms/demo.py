"""Demo content for the public site (home page, news section, an about page) and one demo
login per role.

Every function here is idempotent: it looks things up by slug or username before creating them.
"""

import datetime

from django.db import transaction
from wagtail.models import Page, Site

from lms.accounts.choices import Role
from lms.accounts.groups import group_for_role, groups_sync
from lms.accounts.models import User
from lms.pages.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from teams.models import Member, Province, Ward

HERO_TITLE = "Tổ công nghệ số cộng đồng: học để giúp người dân dùng dịch vụ số"
HERO_TEXT = (
    "Mỗi thôn, ấp, bản, tổ dân phố có một Tổ công nghệ số cộng đồng hướng dẫn bà con nộp hồ sơ "
    "trực tuyến, kích hoạt VNeID, thanh toán không dùng tiền mặt và phòng tránh lừa đảo trên mạng. "
    "Tại đây các thành viên học theo từng bài ngắn trên điện thoại, tham gia tập huấn và nhận "
    "giấy chứng nhận."
)

NEWS = [
    (
        "trien-khai-tap-huan-dot-1-nam-2026",
        "Triển khai tập huấn kỹ năng số đợt 1 năm 2026 cho Tổ công nghệ số cộng đồng",
        datetime.date(2026, 3, 2),
        "Sở Khoa học và Công nghệ phối hợp với UBND các xã, phường tổ chức tập huấn trực tiếp "
        "và trực tuyến cho thành viên các tổ trên địa bàn.",
        [
            ("heading", "Nội dung tập huấn"),
            (
                "paragraph",
                "<p>Thành viên các tổ được hướng dẫn sử dụng Cổng Dịch vụ công quốc gia, kích hoạt "
                "tài khoản định danh điện tử mức độ 2 trên ứng dụng VNeID, thanh toán không dùng "
                "tiền mặt và nhận diện các thủ đoạn lừa đảo trực tuyến phổ biến.</p>",
            ),
            (
                "paragraph",
                "<p>Sau mỗi buổi tập huấn, thành viên tiếp tục học các bài ngắn trên điện thoại, "
                "làm bài kiểm tra và được cấp giấy chứng nhận khi hoàn thành khóa học.</p>",
            ),
        ],
    ),
    (
        "canh-bao-lua-dao-gia-danh-co-quan-cong-an",
        "Cảnh báo thủ đoạn giả danh cơ quan công an yêu cầu cài ứng dụng lạ",
        datetime.date(2026, 4, 15),
        "Đề nghị các Tổ công nghệ số cộng đồng tuyên truyền để người dân không cài ứng dụng "
        "theo đường dẫn do người lạ gửi.",
        [
            (
                "paragraph",
                "<p>Gần đây xuất hiện các cuộc gọi giả danh cán bộ công an, yêu cầu người dân cài "
                "đặt ứng dụng “VNeID” giả mạo qua đường dẫn lạ để “cập nhật định danh”. Ứng dụng "
                "giả chiếm quyền điều khiển điện thoại và chiếm đoạt tiền trong tài khoản.</p>",
            ),
            (
                "paragraph",
                "<p>Ứng dụng VNeID chỉ được tải từ App Store hoặc Google Play. Cơ quan công an "
                "không yêu cầu người dân cài ứng dụng qua điện thoại hay tin nhắn.</p>",
            ),
        ],
    ),
]


def _default_locale():
    from wagtail.models import Locale

    return (
        Locale.get_default()
        if Locale.objects.exists()
        else Locale.objects.create(language_code="vi")
    )


def _stream(items):
    return [{"type": kind, "value": value} for kind, value in items]


def _create_home(root):
    """Add the home page under ``root`` and make it the default site's root page."""
    home = root.add_child(
        instance=HomePage(
            title="Trang chủ",
            slug="trang-chu",
            hero_title=HERO_TITLE,
            hero_text=HERO_TEXT,
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = "Tổ công nghệ số cộng đồng"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Tổ công nghệ số cộng đồng",
        )
    # Wagtail's placeholder "Welcome" page is not ours to keep.
    if old_root and old_root.pk != home.pk and old_root.specific_class is Page:
        old_root.delete()
    return home


def _seed_news(home):
    """The news index under ``home`` and the NEWS pages it is missing."""
    news_index = NewsIndexPage.objects.first()
    if news_index is None:
        news_index = home.add_child(
            instance=NewsIndexPage(
                title="Tin tức",
                slug="tin-tuc",
                intro="Thông báo về các đợt tập huấn và cảnh báo an toàn thông tin.",
            )
        )
    for slug, title, date, lead, body in NEWS:
        if not NewsPage.objects.filter(slug=slug).exists():
            news_index.add_child(
                instance=NewsPage(title=title, slug=slug, date=date, lead=lead, body=_stream(body))
            )


def _seed_about(home):
    """The "Giới thiệu" page under ``home``, unless it exists."""
    if StandardPage.objects.filter(slug="gioi-thieu").exists():
        return
    home.add_child(
        instance=StandardPage(
            title="Giới thiệu",
            slug="gioi-thieu",
            intro="Tổ công nghệ số cộng đồng là gì và nền tảng này giúp gì cho các tổ.",
            body=_stream(
                [
                    (
                        "paragraph",
                        "<p>Tổ công nghệ số cộng đồng gồm trưởng thôn hoặc tổ trưởng tổ dân "
                        "phố, công an, đoàn viên thanh niên, hội viên các đoàn thể, giáo viên, "
                        "nhân viên viễn thông và người dân am hiểu công nghệ. Tổ trực tiếp "
                        "hướng dẫn người dân sử dụng các nền tảng số.</p>",
                    ),
                    (
                        "callout",
                        {
                            "style": "tip",
                            "text": "<p>Cần hỗ trợ? Dùng mục <b>Tìm tổ công nghệ số</b> để "
                            "biết tổ của thôn mình và người phụ trách.</p>",
                        },
                    ),
                ]
            ),
        )
    )


@transaction.atomic
def seed_site(*, stdout=None):
    root = Page.get_first_root_node()
    if root is None:
        # Wagtail's root node comes from its data migration; a database emptied with
        # ``flush`` (or a test database after a transactional test) has none, so make it.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=_default_locale()))
    home = HomePage.objects.first()
    if home is None:
        home = _create_home(root)
    _seed_news(home)
    _seed_about(home)
    return home


# --- Demo logins, one per role (they need the demo members of ``teams.demo``) ---------------

DEMO_PASSWORD = "Demo@2026"

DEMO_USERS = [
    # role, username, phone, email, last name, first name, province code, ward code
    (Role.ADMIN, "admin", "", "admin@example.vn", "Quản trị", "Hệ thống", None, None),
    (Role.TRAINER, "0912000001", "0912000001", "", "Ngô Thanh", "Sơn", "92", None),
    (Role.REVIEWER, "0912000002", "0912000002", "", "Đỗ Thị", "Hạnh", None, None),
    (Role.PROVINCE_OFFICER, "0912000003", "0912000003", "", "Trương Văn", "Bình", "92", None),
    (Role.WARD_OFFICER, "0912000004", "0912000004", "", "Mai Thị", "Xuân", None, "31333"),
    (Role.MEMBER, "0912000005", "0912000005", "", "Trần Thị", "Mai", None, None),
]


@transaction.atomic
def seed_users(*, stdout=None):
    """Returns the (role, login, password) lines to print."""
    groups_sync()
    lines = []
    for role, username, phone, email, last, first, province_code, ward_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            ward = Ward.objects.get(code=ward_code) if ward_code else None
            province = (
                Province.objects.get(code=province_code)
                if province_code
                else (ward.province if ward else None)
            )
            user = User(
                username=username,
                phone=phone,
                email=email,
                last_name=last,
                first_name=first,
                role=role,
                province=province,
                ward=ward,
                is_staff=role != Role.MEMBER,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            group = group_for_role(role)
            if group:
                user.groups.add(group)
            if role == Role.MEMBER:
                Member.objects.filter(phone=phone, user__isnull=True).update(user=user)
        lines.append((Role(role).label, username, DEMO_PASSWORD))
    return lines


# --- The whole demo, once -----------------------------------------------------------------

# Each app contributes its own demo loader; order matters (accounts need members, certificates
# need completed courses). The reports have none: they own no rows, and after these loaders the
# officer logins (0912000003, 0912000004) already see figures.
DEMO_LOADERS = [
    "lms.demo.seed_site",
    "teams.demo.seed",
    "lms.demo.seed_users",
    # After the logins, so that the team leaders' records carry their accounts.
    "teams.support.demo.seed",
    "teams.support.demo_monthly.seed",
    "courses.demo.seed",
    "courses.attendance.demo.seed",
    "certificates.demo.seed",
]


def demo_seed(*, stdout=None) -> tuple[list, list]:
    """Run every demo loader that has never run on this database; return the demo logins and
    the loaders skipped because they ran before.

    A loader runs in one transaction with the ``DemoLoad`` row that records it, so a loader
    that fails leaves no row and runs again next time, and one that succeeded never runs again:
    the demo is created once and never re-created or changed afterwards (a merged hamlet stays
    merged, a deleted page stays deleted)."""
    from django.utils.module_loading import import_string

    from lms.models import DemoLoad

    skipped = []
    for path in DEMO_LOADERS:
        with transaction.atomic():
            if DemoLoad.objects.filter(loader=path).exists():
                skipped.append(path)
                continue
            import_string(path)(stdout=stdout)
            DemoLoad.objects.create(loader=path)
    return demo_logins(), skipped


def demo_logins():
    """(role label, login, password) of the demo logins that still exist."""
    existing = set(
        User.objects.filter(username__in=[row[1] for row in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    return [
        (Role(role).label, username, DEMO_PASSWORD)
        for role, username, *_rest in DEMO_USERS
        if username in existing
    ]
