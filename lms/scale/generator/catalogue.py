"""The scale courses: a handful of Wagtail pages with their lessons, and the certificate
template they issue with. Created once and reused by later loads (looked up by code)."""

from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.demo import seed_site
from lms.pages.models import HomePage

from .certificates import certificate_template
from .presets import COURSE_CODE_PREFIX, COURSES

LESSON_TEXT = (
    "<p>Bài học ngắn, đọc trên điện thoại trong khoảng mười phút. "
    "Làm theo từng bước, rồi hướng dẫn lại cho bà con trong thôn, "
    "tổ dân phố của mình.</p>"
)


def ensure_courses(stats):
    """The scale courses: a handful of pages, created through Wagtail's page API. Returns the
    certificate template and (course, lesson ids) pairs."""
    index = _course_index()
    template = certificate_template()
    courses = []
    for code, title, min_sessions, lesson_titles in COURSES:
        course = CoursePage.objects.filter(code=COURSE_CODE_PREFIX + code).first()
        if course is None:
            course = _add_course(index, template, code, title, min_sessions, lesson_titles)
            stats.counts["courses.CoursePage"] += 1
        lessons = list(
            LessonPage.objects.child_of(course).order_by("path").values_list("pk", flat=True)
        )
        courses.append((course, lessons))
    return template, courses


def _course_index():
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        seed_site()
        home = HomePage.objects.first()
    return home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc", intro=""))


def _add_course(index, template, code, title, min_sessions, lesson_titles):
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
                body=[("heading", lesson_title), ("paragraph", LESSON_TEXT)],
            )
        )
    return course
