"""The demo loader: four real courses, the demo member's progress, idempotent."""

from courses import demo, selectors
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from courses.quiz import question_children


def _counts():
    return [
        m.objects.count()
        for m in (CoursePage, LessonPage, Enrolment, LessonProgress, QuizAttempt, CourseCompletion)
    ]


def test_seed_demo(admin_units, site_pages):
    from lms.demo import seed_users as seed_accounts
    from teams.demo import seed as seed_teams
    from teams.models import Member

    seed_teams()
    seed_accounts()
    demo.seed()
    courses = {c.code: c for c in CoursePage.objects.all()}
    assert set(courses) == {"DVC-01", "VNEID-02", "ATTT-01", "LDTT-01"}
    for course in courses.values():
        lessons = list(course.lessons())
        assert 3 <= len(lessons) <= 5
        assert any(question_children(lesson) for lesson in lessons)
        assert course.live and course.topics.exists() and course.skills.exists()
    assert courses["LDTT-01"].min_sessions == 1
    assert courses["ATTT-01"].min_sessions == 0

    mai = Member.objects.get(phone="0912000005")
    assert CourseCompletion.objects.filter(member=mai, course=courses["ATTT-01"]).exists()
    assert selectors.completion_status(member=mai, course=courses["ATTT-01"]).complete
    dvc = selectors.completion_status(member=mai, course=courses["DVC-01"])
    assert (dvc.lessons_done, dvc.lessons_total) == (2, 4)
    assert Enrolment.objects.filter(course=courses["LDTT-01"]).count() >= 2
    assert not Enrolment.objects.filter(member=mai, course=courses["VNEID-02"]).exists()
    # Searchable right away, without a task worker.
    assert selectors.search_learning(query="vneid muc 2")["courses"]

    before = _counts()
    demo.seed()
    assert _counts() == before
