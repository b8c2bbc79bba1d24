"""Course pages are built in the page tree (Wagtail needs a parent), so these are helpers
rather than plain model factories; learning records use factory_boy."""

import itertools

import factory

from courses.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from lms.pages.models import HomePage
from tests.factories.activity import RefreshesMemberActivity
from tests.factories.teams import MemberFactory

_seq = itertools.count(1)


def course_index(home=None):
    index = CourseIndexPage.objects.first()
    if index is None:
        home = home or HomePage.objects.first()
        index = home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
    return index


def course_page(index=None, **fields):
    n = next(_seq)
    index = index or course_index()
    defaults = {
        "title": f"Khóa học thử {n}",
        "slug": f"khoa-hoc-thu-{n}",
        "code": f"KH-{n:03d}",
        "summary": "Khóa học dùng trong kiểm thử.",
        "pass_mark": 70,
        "min_sessions": 0,
        "sequential": True,
        "is_open": True,
    }
    defaults.update(fields)
    return index.add_child(instance=CoursePage(**defaults))


def single_choice(question="Câu hỏi một đáp án?", correct=1, options=("A", "B", "C"), qid=None):
    value = {
        "question": question,
        "options": [{"text": t, "correct": i == correct} for i, t in enumerate(options)],
        "explanation": "<p>Giải thích một đáp án.</p>",
    }
    return {"type": "single_choice", "value": value, **({"id": qid} if qid else {})}


def multiple_choice(question="Chọn các đáp án đúng?", correct=(0, 2), options=("A", "B", "C")):
    value = {
        "question": question,
        "options": [{"text": t, "correct": i in correct} for i, t in enumerate(options)],
        "explanation": "<p>Giải thích nhiều đáp án.</p>",
    }
    return {"type": "multiple_choice", "value": value}


def true_false(question="Nhận định này đúng?", answer="true"):
    return {
        "type": "true_false",
        "value": {
            "question": question,
            "answer": answer,
            "explanation": "<p>Giải thích đúng sai.</p>",
        },
    }


def lesson_page(course, body=None, **fields):
    n = next(_seq)
    defaults = {
        "title": f"Bài học thử {n}",
        "slug": f"bai-hoc-thu-{n}",
        "body": body if body is not None else [{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
    }
    defaults.update(fields)
    return course.add_child(instance=LessonPage(**defaults))


class EnrolmentFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    member = factory.SubFactory(MemberFactory)


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    member = factory.SubFactory(MemberFactory)


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizAttempt

    member = factory.SubFactory(MemberFactory)
    score_percent = 100
    passed = True


class CourseCompletionFactory(RefreshesMemberActivity, factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCompletion

    member = factory.SubFactory(MemberFactory)
    completed_on = factory.Faker("date_this_year")
