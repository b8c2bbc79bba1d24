"""Server-side quiz grading: single choice, multiple choice, true/false; every attempt kept."""

import pytest

from courses import services
from courses.models import LessonProgress, QuizAttempt
from courses.quiz import grade, question_children
from tests.factories.courses import lesson_page, multiple_choice, single_choice, true_false


@pytest.fixture
def quiz_lesson(course):
    return lesson_page(
        course,
        body=[
            {"type": "paragraph", "value": "<p>Đọc kỹ trước khi trả lời.</p>"},
            single_choice(
                question="Địa chỉ Cổng?", correct=1, options=("a.com", "dichvucong.gov.vn", "b.vn")
            ),
            multiple_choice(question="Việc nên làm?", correct=(0, 2), options=("X", "Y", "Z")),
            true_false(question="Không đọc OTP cho người lạ.", answer="true"),
        ],
    )


def _ids(lesson):
    return [child.id for child in question_children(lesson)]


class GradingTests:
    def test_all_correct(self, quiz_lesson):
        single, multiple, tf = _ids(quiz_lesson)
        result = grade(quiz_lesson, {single: ["1"], multiple: ["0", "2"], tf: ["true"]})
        assert result.score_percent == 100
        assert result.correct_count == 3

    def test_single_choice_wrong(self, quiz_lesson):
        single, multiple, tf = _ids(quiz_lesson)
        result = grade(quiz_lesson, {single: ["0"], multiple: ["0", "2"], tf: ["true"]})
        assert result.score_percent == 67
        assert [q.is_correct for q in result.questions] == [False, True, True]

    def test_multiple_choice_needs_exactly_the_correct_set(self, quiz_lesson):
        single, multiple, tf = _ids(quiz_lesson)
        partial = grade(quiz_lesson, {single: ["1"], multiple: ["0"], tf: ["true"]})
        everything = grade(quiz_lesson, {single: ["1"], multiple: ["0", "1", "2"], tf: ["true"]})
        assert partial.questions[1].is_correct is False
        assert everything.questions[1].is_correct is False
        assert partial.score_percent == everything.score_percent == 67

    def test_true_false(self, quiz_lesson):
        single, multiple, tf = _ids(quiz_lesson)
        result = grade(quiz_lesson, {tf: ["false"]})
        assert result.questions[2].is_correct is False
        assert result.questions[2].correct_keys == {"true"}
        assert result.score_percent == 0

    def test_unanswered_and_forged_keys_are_wrong(self, quiz_lesson):
        single, _multiple, _tf = _ids(quiz_lesson)
        result = grade(quiz_lesson, {single: ["1", "99"]})
        # The forged key is dropped, the valid answer still counts.
        assert result.questions[0].selected == {"1"}
        assert result.questions[0].is_correct
        assert result.score_percent == 33


class AttemptTests:
    def test_every_attempt_is_stored_and_passing_completes(self, course, quiz_lesson, learner):
        services.enrolment_create(member=learner, course=course)
        single, multiple, tf = _ids(quiz_lesson)
        first = services.quiz_attempt_create(
            member=learner,
            lesson=quiz_lesson,
            submitted={single: ["0"], multiple: ["1"], tf: ["true"]},
        )
        assert (first.score_percent, first.passed) == (33, False)
        assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
        second = services.quiz_attempt_create(
            member=learner,
            lesson=quiz_lesson,
            submitted={single: ["1"], multiple: ["0", "2"], tf: ["true"]},
        )
        assert (second.score_percent, second.passed) == (100, True)
        assert QuizAttempt.objects.filter(member=learner, lesson=quiz_lesson).count() == 2
        assert second.answers[single]["selected"] == ["1"]
        assert second.answers[single]["question"] == "Địa chỉ Cổng?"
        assert LessonProgress.objects.get(member=learner, lesson=quiz_lesson).completed_at

    def test_pass_mark_is_the_course_s(self, index, learner):
        from tests.factories.courses import course_page

        strict = course_page(index, pass_mark=100)
        lesson = lesson_page(strict, body=[single_choice(), true_false()])
        services.enrolment_create(member=learner, course=strict)
        single, tf = _ids(lesson)
        attempt = services.quiz_attempt_create(
            member=learner, lesson=lesson, submitted={single: ["1"], tf: ["false"]}
        )
        assert attempt.score_percent == 50 and not attempt.passed

    def test_quiz_form_over_http(self, client, course, quiz_lesson, learner):
        services.enrolment_create(member=learner, course=course)
        client.force_login(learner.user)
        single, multiple, tf = _ids(quiz_lesson)
        response = client.post(
            quiz_lesson.url,
            {"action": "quiz", f"q-{single}": "0", f"q-{multiple}": ["0", "2"], f"q-{tf}": "true"},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Bạn đạt 67% (2/3 câu đúng)" in html
        assert "Chưa đạt: cần tối thiểu 70%" in html
        # A failed attempt shows only the score; answers come after a pass (test_quiz_reveal.py).
        assert "Đáp án đúng" not in html and "Bạn trả lời chưa đúng" not in html
        assert QuizAttempt.objects.get().score_percent == 67

    def test_lesson_with_questions_cannot_be_marked_done(self, course, quiz_lesson, learner):
        from django.core.exceptions import ValidationError

        services.enrolment_create(member=learner, course=course)
        with pytest.raises(ValidationError):
            services.lesson_complete(member=learner, lesson=quiz_lesson)
