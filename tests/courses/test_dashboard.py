"""The "Khóa học của tôi" dashboard."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import CourseCompletion
from tests.factories.accounts import UserFactory
from tests.factories.courses import course_page, lesson_page


def _enrolled_courses(index, learner, n, lessons_each=3):
    courses = []
    for _ in range(n):
        course = course_page(index)
        lessons = [lesson_page(course) for _ in range(lessons_each)]
        services.enrolment_create(member=learner, course=course)
        services.lesson_complete(member=learner, lesson=lessons[0])
        courses.append((course, lessons))
    return courses


class DashboardTests:
    def test_requires_login(self, client, db):
        response = client.get(reverse("courses:my_courses"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_user_without_member(self, client, db):
        client.force_login(UserFactory())
        response = client.get(reverse("courses:my_courses"))
        assert response.status_code == 403
        assert "chưa gắn với hồ sơ thành viên" in response.content.decode()

    def test_progress_next_lesson_and_completed(self, client, index, learner):
        (course, lessons), (done_course, done_lessons) = _enrolled_courses(index, learner, 2)
        for lesson in done_lessons[1:]:
            services.lesson_complete(member=learner, lesson=lesson)
        assert CourseCompletion.objects.filter(course=done_course).exists()
        client.force_login(learner.user)
        response = client.get(reverse("courses:my_courses"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Đã học 1/3 bài (33%)" in html
        assert 'aria-valuenow="33"' in html and "width: 33%" in html
        assert f"Học tiếp: {lessons[1].title}" in html
        completed_section = html.split("Đã hoàn thành", 1)[1]
        assert done_course.title in completed_section and course.title not in completed_section

    def test_empty_dashboard(self, client, index, learner):
        client.force_login(learner.user)
        html = client.get(reverse("courses:my_courses")).content.decode()
        assert "Bạn chưa ghi danh khóa học nào." in html

    def test_query_count_does_not_grow_with_courses(self, client, index, learner):
        _enrolled_courses(index, learner, 1)
        client.force_login(learner.user)
        url = reverse("courses:my_courses")
        client.get(url)  # warm caches (site root paths)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        _enrolled_courses(index, learner, 5)
        client.get(url)
        with CaptureQueriesContext(connection) as six:
            response = client.get(url)
        assert response.content.decode().count("course-card__title") == 6
        assert len(six) == len(one), [q["sql"] for q in six.captured_queries]

    def test_nav_link_resolves(self, client, learner, site_pages):
        client.force_login(learner.user)
        html = client.get("/").content.decode()
        assert reverse("courses:my_courses") in html
        assert reverse("courses:catalogue") in html
