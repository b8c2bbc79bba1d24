"""Correct answers are revealed only when the course says so (after a pass, after the last
allowed attempt, or never), and a blank submission is refused without recording an attempt."""

import pytest

from courses import services
from courses.choices import RevealAnswers
from courses.models import QuizAttempt
from courses.quiz import question_children
from tests.factories.courses import course_page, lesson_page, single_choice, true_false


def _quiz_course(index, **fields):
    course = course_page(index, **fields)
    lesson = lesson_page(
        course,
        body=[
            single_choice(question="Địa chỉ Cổng?", correct=1, options=("a.vn", "dvc.gov.vn")),
            true_false(question="Không đọc OTP cho người lạ.", answer="true"),
        ],
    )
    return course, lesson


def _post(client, lesson, *, right):
    single, tf = (child.id for child in question_children(lesson))
    answers = {f"q-{single}": "1", f"q-{tf}": "true"} if right else {f"q-{single}": "0"}
    return client.post(lesson.url, {"action": "quiz", **answers})


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner.user)
    return client


def test_blank_submission_is_refused_and_not_recorded(signed_in, index, learner):
    course, lesson = _quiz_course(index)
    services.enrolment_create(member=learner, course=course)
    response = signed_in.post(lesson.url, {"action": "quiz"}, follow=True)
    html = response.content.decode()
    assert "Bạn chưa chọn đáp án nào. Hãy trả lời rồi nộp bài." in html
    assert "Đáp án đúng" not in html and "Giải thích" not in html
    assert QuizAttempt.objects.count() == 0


def test_failed_attempt_shows_only_the_score_until_passed(signed_in, index, learner):
    course, lesson = _quiz_course(index)
    services.enrolment_create(member=learner, course=course)
    html = _post(signed_in, lesson, right=False).content.decode()
    assert "Bạn đạt 0% (0/2 câu đúng)." in html
    assert "Đọc lại bài học rồi làm lại." in html
    assert "Đáp án đúng" not in html
    assert "Giải thích một đáp án." not in html and "Bạn trả lời chưa đúng" not in html
    html = _post(signed_in, lesson, right=True).content.decode()
    assert "Bạn đạt 100% (2/2 câu đúng)." in html
    assert html.count("Đáp án đúng") == 2
    assert "Giải thích một đáp án." in html and "Giải thích đúng sai." in html


def test_after_last_attempt(signed_in, index, learner):
    course, lesson = _quiz_course(
        index, quiz_max_attempts=2, quiz_reveal_answers=RevealAnswers.AFTER_LAST_ATTEMPT
    )
    services.enrolment_create(member=learner, course=course)
    assert "Bạn được làm tối đa 2 lần." in signed_in.get(lesson.url).content.decode()
    html = _post(signed_in, lesson, right=False).content.decode()
    assert "Còn 1 lần làm bài." in html and "Đáp án đúng" not in html
    html = _post(signed_in, lesson, right=False).content.decode()
    assert "Bạn đã dùng hết số lần làm bài kiểm tra này." in html
    assert html.count("Đáp án đúng") == 2 and "Giải thích đúng sai." in html
    assert 'name="action" value="quiz"' not in html
    # A third try, forged past the missing form, is refused and not recorded.
    response = _post(signed_in, lesson, right=True)
    assert response.status_code == 302
    assert QuizAttempt.objects.filter(member=learner).count() == 2
    page = signed_in.get(lesson.url).content.decode()
    assert "Bạn đã làm bài kiểm tra này đủ 2 lần cho phép." in page


def test_after_last_attempt_hides_answers_of_a_pass_with_attempts_left(signed_in, index, learner):
    course, lesson = _quiz_course(
        index, quiz_max_attempts=3, quiz_reveal_answers=RevealAnswers.AFTER_LAST_ATTEMPT
    )
    services.enrolment_create(member=learner, course=course)
    html = _post(signed_in, lesson, right=True).content.decode()
    assert "Đạt yêu cầu" in html and "Đáp án đúng" not in html


def test_never(signed_in, index, learner):
    course, lesson = _quiz_course(index, quiz_reveal_answers=RevealAnswers.NEVER)
    services.enrolment_create(member=learner, course=course)
    html = _post(signed_in, lesson, right=True).content.decode()
    assert "Bạn đạt 100%" in html
    assert "Đáp án đúng" not in html and "Giải thích" not in html


def test_the_setting_is_on_the_course_edit_form(client, course):
    from tests.factories.accounts import AdminFactory

    client.force_login(AdminFactory())
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "Hiện đáp án đúng" in html or "hiện đáp án đúng" in html.lower()
    assert "Sau lần làm cuối" in html and "Không bao giờ" in html
