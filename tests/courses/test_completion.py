"""Course completion: all lessons, the quiz pass mark, attended sessions; sequential unlocking."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import selectors, services
from courses.models import CourseCompletion, LessonProgress
from courses.quiz import question_children
from tests.factories.courses import course_page, lesson_page, single_choice


def _answer(lesson, right=True):
    return {
        child.id: sorted(child.block.correct_keys(child.value)) if right else ["0"]
        for child in question_children(lesson)
    }


def _attend(member, course, status="present"):
    from courses.attendance.models import Attendance, TrainingSession

    start = timezone.now() - datetime.timedelta(days=1)
    session = TrainingSession.objects.create(
        title="Buổi tập huấn thử",
        course=course,
        venue="Nhà văn hóa khu vực 1",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    return Attendance.objects.create(session=session, member=member, status=status)


class SequentialTests:
    def test_only_the_first_unfinished_lesson_is_open(self, client, course, lessons, learner):
        services.enrolment_create(member=learner, course=course)
        client.force_login(learner.user)
        assert client.get(lessons[0].url).status_code == 200
        locked = client.get(lessons[1].url)
        assert locked.status_code == 403
        assert "Bài học này chưa mở" in locked.content.decode()
        with pytest.raises(ValidationError, match="chưa mở"):
            services.lesson_complete(member=learner, lesson=lessons[1])
        services.lesson_complete(member=learner, lesson=lessons[0])
        assert client.get(lessons[1].url).status_code == 200
        assert client.get(lessons[2].url).status_code == 403

    def test_non_sequential_course_opens_everything(self, client, index, learner):
        course = course_page(index, sequential=False)
        lessons = [lesson_page(course) for _ in range(3)]
        services.enrolment_create(member=learner, course=course)
        client.force_login(learner.user)
        assert client.get(lessons[2].url).status_code == 200
        services.lesson_complete(member=learner, lesson=lessons[2])

    def test_not_enrolled_is_sent_to_the_course(self, client, course, lessons, learner):
        client.force_login(learner.user)
        response = client.get(lessons[0].url)
        assert response.status_code == 302 and response["Location"] == course.url

    def test_anonymous_is_sent_to_login(self, client, lessons):
        response = client.get(lessons[0].url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/dang-nhap/")

    def test_mark_done_button_moves_on(self, client, course, lessons, learner):
        services.enrolment_create(member=learner, course=course)
        client.force_login(learner.user)
        assert "Đánh dấu đã học" in client.get(lessons[0].url).content.decode()
        response = client.post(lessons[0].url, {"action": "complete"})
        assert response.status_code == 302 and response["Location"] == lessons[1].url
        assert LessonProgress.objects.get(lesson=lessons[0]).completed_at

    def test_resume_where_they_stopped(self, client, course, lessons, learner):
        services.enrolment_create(member=learner, course=course)
        services.lesson_complete(member=learner, lesson=lessons[0])
        client.force_login(learner.user)
        client.get(lessons[1].url)
        rows = selectors.my_courses(member=learner)["in_progress"]
        assert rows[0].next_lesson.pk == lessons[1].pk
        html = client.get(course.url).content.decode()
        assert f"Học tiếp: {lessons[1].title}" in html


class CompletionTests:
    def test_all_lessons_complete_the_course(self, course, lessons, learner):
        services.enrolment_create(member=learner, course=course)
        for lesson in lessons[:-1]:
            services.lesson_complete(member=learner, lesson=lesson)
        status = selectors.completion_status(member=learner, course=course)
        assert (status.lessons_done, status.lessons_total, status.complete) == (2, 3, False)
        assert any(lessons[-1].title in reason for reason in status.reasons)
        assert not CourseCompletion.objects.exists()
        services.lesson_complete(member=learner, lesson=lessons[-1])
        completion = CourseCompletion.objects.get(member=learner, course=course)
        assert completion.completed_on == timezone.localdate()

    def test_evaluate_is_idempotent(self, course, lessons, learner):
        services.enrolment_create(member=learner, course=course)
        for lesson in lessons:
            services.lesson_complete(member=learner, lesson=lesson)
        first = CourseCompletion.objects.get()
        again = services.course_completion_evaluate(member=learner, course=course)
        assert again == first and CourseCompletion.objects.count() == 1

    def test_pass_mark_uses_the_best_attempt(self, index, learner):
        course = course_page(index, pass_mark=80)
        quiz = lesson_page(course, body=[single_choice(), single_choice(), single_choice()])
        services.enrolment_create(member=learner, course=course)
        ids = [child.id for child in question_children(quiz)]
        services.quiz_attempt_create(
            member=learner, lesson=quiz, submitted={ids[0]: ["1"], ids[1]: ["1"], ids[2]: ["0"]}
        )
        status = selectors.completion_status(member=learner, course=course)
        assert status.quiz_scores[0].best_score == 67 and not status.quizzes_passed
        assert "đạt 67%, cần tối thiểu 80%" in " ".join(status.reasons)
        assert services.course_completion_evaluate(member=learner, course=course) is None
        services.quiz_attempt_create(member=learner, lesson=quiz, submitted=_answer(quiz))
        # A later, worse attempt does not undo the best one.
        services.quiz_attempt_create(
            member=learner, lesson=quiz, submitted=_answer(quiz, right=False)
        )
        status = selectors.completion_status(member=learner, course=course)
        assert status.best_scores[quiz.pk] == 100 and status.complete
        completion = CourseCompletion.objects.get()
        assert completion.quiz_score_percent == 100

    def test_raised_pass_mark_blocks_completion(self, index, learner):
        course = course_page(index, pass_mark=60)
        first = lesson_page(course, body=[single_choice(), single_choice(), single_choice()])
        second = lesson_page(course)
        services.enrolment_create(member=learner, course=course)
        ids = [child.id for child in question_children(first)]
        services.quiz_attempt_create(
            member=learner, lesson=first, submitted={ids[0]: ["1"], ids[1]: ["1"], ids[2]: ["0"]}
        )
        course.pass_mark = 90
        course.save_revision().publish()
        course.refresh_from_db()
        services.lesson_complete(member=learner, lesson=second)
        status = selectors.completion_status(member=learner, course=course)
        assert status.lessons_done == 2 and not status.complete
        assert not CourseCompletion.objects.exists()

    def test_min_sessions(self, index, learner):
        course = course_page(index, min_sessions=1)
        lesson = lesson_page(course)
        services.enrolment_create(member=learner, course=course)
        services.lesson_complete(member=learner, lesson=lesson)
        status = selectors.completion_status(member=learner, course=course)
        assert (status.sessions_attended, status.sessions_required) == (0, 1)
        assert "Mới tham dự 0/1 buổi tập huấn bắt buộc." in status.reasons
        assert not CourseCompletion.objects.exists()
        _attend(learner, course, status="excused")
        assert services.course_completion_evaluate(member=learner, course=course) is None
        _attend(learner, course, status="present")
        completion = services.course_completion_evaluate(member=learner, course=course)
        assert completion is not None and completion.sessions_attended == 1

    def test_course_page_says_what_is_missing(self, client, index, learner):
        course = course_page(index, min_sessions=2)
        lesson = lesson_page(course)
        services.enrolment_create(member=learner, course=course)
        services.lesson_complete(member=learner, lesson=lesson)
        client.force_login(learner.user)
        html = client.get(course.url).content.decode()
        assert "Mới tham dự 0/2 buổi tập huấn bắt buộc." in html

    def test_online_only_course_needs_no_session(self, course, lessons, learner):
        assert course.min_sessions == 0
        services.enrolment_create(member=learner, course=course)
        for lesson in lessons:
            services.lesson_complete(member=learner, lesson=lesson)
        assert CourseCompletion.objects.filter(member=learner).exists()

    def test_empty_course_is_never_complete(self, index, learner):
        course = course_page(index)
        status = selectors.completion_status(member=learner, course=course)
        assert not status.complete and status.reasons
