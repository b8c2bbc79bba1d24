"""Reads of courses and learning records: progress, unlocking, completion status, dashboards.

Lessons of a course are its live child pages in tree order. Because a LessonPage can only live
under a CoursePage, the parent of a lesson is found from its tree path (four characters per
level), which lets one query fetch the lessons of many courses at once.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from courses.attendance.selectors import attended_sessions_count
from lms.core.text import fold
from teams.selectors import member_for_user

from .choices import RevealAnswers
from .models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    Topic,
)

STEPLEN = CoursePage.steplen
_NON_WORD = re.compile(r"[^\w]+")


def course_lessons(course):
    return list(course.lessons())


def lessons_by_course(courses):
    """{course id: [lesson, ...]} for many courses in one query."""
    courses = list(courses)
    result = {course.pk: [] for course in courses}
    if not courses:
        return result
    by_path = {course.path: course.pk for course in courses}
    lessons = (
        LessonPage.objects.live()
        .filter(reduce(or_, [Q(path__startswith=course.path) for course in courses]))
        .only("id", "title", "slug", "path", "depth", "url_path", "live", "estimated_minutes")
        .order_by("path")
    )
    for lesson in lessons:
        course_id = by_path.get(lesson.path[: (lesson.depth - 1) * STEPLEN])
        if course_id is not None:
            result[course_id].append(lesson)
    return result


def course_of_lesson(lesson):
    return CoursePage.objects.filter(path=lesson.path[: (lesson.depth - 1) * STEPLEN]).first()


def progress_for(*, member, lessons):
    """{lesson id: LessonProgress} of one member for the given lessons."""
    if member is None:
        return {}
    ids = [lesson.pk for lesson in lessons]
    return {p.lesson_id: p for p in LessonProgress.objects.filter(member=member, lesson_id__in=ids)}


def completed_lesson_ids(*, member, lessons):
    ids = [lesson.pk for lesson in lessons]
    return set(
        LessonProgress.objects.filter(
            member=member, lesson_id__in=ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )


def unlocked_lesson_ids(*, course, lessons, done_ids):
    """Lessons a learner may open. In a sequential course a lesson opens once every lesson
    before it is completed; otherwise all are open."""
    if not course.sequential:
        return {lesson.pk for lesson in lessons}
    unlocked = set()
    for lesson in lessons:
        unlocked.add(lesson.pk)
        if lesson.pk not in done_ids:
            break
    return unlocked


def next_lesson(*, lessons, progress):
    """Where to resume: the most recently opened lesson if still unfinished, else the first
    unfinished lesson in order; None when everything is done."""
    unfinished = [lesson for lesson in lessons if not _done(progress.get(lesson.pk))]
    if not unfinished:
        return None
    viewed = [lesson for lesson in unfinished if progress.get(lesson.pk)]
    if viewed:
        return max(viewed, key=lambda lesson: progress[lesson.pk].last_viewed_at)
    return unfinished[0]


def _done(progress_row):
    return bool(progress_row and progress_row.completed_at)


def is_enrolled(*, member, course):
    return member is not None and Enrolment.objects.filter(member=member, course=course).exists()


def missing_prerequisites(*, member, course):
    """Prerequisite courses the member has not completed (all of them for an anonymous user).

    Read through the course's own relation, not a query on it, so that a course being previewed
    (not saved yet, or edited) shows the prerequisites chosen in the form."""
    prerequisites = sorted(
        (c for c in course.prerequisites.all() if c.live), key=lambda c: (c.title, c.pk)
    )
    if not prerequisites:
        return []
    if member is None:
        return prerequisites
    done = set(
        CourseCompletion.objects.filter(member=member, course__in=prerequisites).values_list(
            "course_id", flat=True
        )
    )
    return [course for course in prerequisites if course.pk not in done]


def quiz_attempts_left(*, member, lesson, course):
    """How many more attempts the member may make on the lesson's quiz; None when unlimited."""
    if not course.quiz_max_attempts:
        return None
    used = QuizAttempt.objects.filter(member=member, lesson=lesson).count()
    return max(course.quiz_max_attempts - used, 0)


def quiz_answers_revealed(*, member, lesson, course):
    """Whether the member may now see the correct answers and explanations of the lesson's
    quiz, by the course's "Hiện đáp án đúng" setting: once they have passed it, once they have
    no attempt left, or never. Until then a learner sees only their score, so that a second
    attempt cannot copy the first one's corrections."""
    rule = course.quiz_reveal_answers
    if member is None or rule == RevealAnswers.NEVER:
        return False
    if rule == RevealAnswers.AFTER_PASS:
        return QuizAttempt.objects.filter(member=member, lesson=lesson, passed=True).exists()
    return quiz_attempts_left(member=member, lesson=lesson, course=course) == 0


@dataclass
class QuizScore:
    lesson_id: int
    title: str
    best_score: int | None
    passed: bool


@dataclass
class CompletionStatus:
    lessons_done: int
    lessons_total: int
    quiz_scores: list = field(default_factory=list)
    pass_mark: int = 0
    sessions_attended: int = 0
    sessions_required: int = 0
    complete: bool = False
    reasons: list = field(default_factory=list)
    completion: CourseCompletion | None = None

    @property
    def quizzes_passed(self):
        return all(score.passed for score in self.quiz_scores)

    @property
    def best_scores(self):
        return {score.lesson_id: score.best_score for score in self.quiz_scores}

    @property
    def average_quiz_score(self):
        scores = [s.best_score for s in self.quiz_scores if s.best_score is not None]
        return round(sum(scores) / len(scores)) if scores else None

    @property
    def percent(self):
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def attended_sessions(*, member, course):
    """Attended training sessions, counted by the attendance app."""
    return attended_sessions_count(member=member, course=course)


def _quiz_scores(*, member, course, quiz_lessons):
    """The member's best score on each quiz lesson, and whether it reaches the pass mark."""
    best = (
        dict(
            QuizAttempt.objects.filter(member=member, lesson__in=quiz_lessons)
            .values("lesson_id")
            .annotate(best=Max("score_percent"))
            .values_list("lesson_id", "best")
        )
        if quiz_lessons
        else {}
    )
    return [
        QuizScore(
            lesson_id=lesson.pk,
            title=lesson.title,
            best_score=best.get(lesson.pk),
            passed=best.get(lesson.pk) is not None and best[lesson.pk] >= course.pass_mark,
        )
        for lesson in quiz_lessons
    ]


def _missing_reasons(*, course, lessons, done_ids, scores, attended):
    """Why the course is not complete yet, one Vietnamese sentence per unmet rule."""
    reasons = []
    if not lessons and not course.min_sessions:
        reasons.append(_("Khóa học chưa có bài học nào."))
    missing = [lesson.title for lesson in lessons if lesson.pk not in done_ids]
    if missing:
        reasons.append(
            _("Còn %(n)s/%(total)s bài chưa hoàn thành: %(titles)s.")
            % {"n": len(missing), "total": len(lessons), "titles": ", ".join(missing)}
        )
    for score in scores:
        if score.passed:
            continue
        if score.best_score is None:
            reasons.append(_("Chưa làm bài kiểm tra của bài “%(title)s”.") % {"title": score.title})
        else:
            reasons.append(
                _("Bài kiểm tra “%(title)s” đạt %(score)s%%, cần tối thiểu %(mark)s%%.")
                % {"title": score.title, "score": score.best_score, "mark": course.pass_mark}
            )
    if attended < course.min_sessions:
        reasons.append(
            _("Mới tham dự %(attended)s/%(required)s buổi tập huấn bắt buộc.")
            % {"attended": attended, "required": course.min_sessions}
        )
    return reasons


def completion_status(*, member, course):
    """Where ``member`` stands against the course's completion rules, with the reasons (in
    Vietnamese, for learners and certificate officers) for anything still missing."""
    lessons = course_lessons(course)
    done_ids = completed_lesson_ids(member=member, lessons=lessons)
    quiz_lessons = [lesson for lesson in lessons if lesson.has_questions]
    scores = _quiz_scores(member=member, course=course, quiz_lessons=quiz_lessons)
    attended = attended_sessions(member=member, course=course)
    status = CompletionStatus(
        lessons_done=len(done_ids),
        lessons_total=len(lessons),
        quiz_scores=scores,
        pass_mark=course.pass_mark,
        sessions_attended=attended,
        sessions_required=course.min_sessions,
        completion=CourseCompletion.objects.filter(member=member, course=course).first(),
    )
    reasons = _missing_reasons(
        course=course, lessons=lessons, done_ids=done_ids, scores=scores, attended=attended
    )
    status.reasons = reasons
    status.complete = not reasons
    return status


@dataclass
class CourseProgressRow:
    course: CoursePage
    enrolment: Enrolment
    lessons_total: int
    lessons_done: int
    next_lesson: LessonPage | None
    completion: CourseCompletion | None

    @property
    def percent(self):
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def my_courses(*, member):
    """The learner's dashboard in four queries whatever the number of courses: enrolments,
    their lessons, the learner's progress on them and their completions."""
    enrolments = list(
        Enrolment.objects.filter(member=member, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    courses = [enrolment.course for enrolment in enrolments]
    lessons = lessons_by_course(courses)
    all_lessons = [lesson for group in lessons.values() for lesson in group]
    progress = progress_for(member=member, lessons=all_lessons)
    completions = {
        c.course_id: c
        for c in CourseCompletion.objects.filter(member=member, course__in=[c.pk for c in courses])
    }
    in_progress, completed = [], []
    for enrolment in enrolments:
        course_lessons_ = lessons[enrolment.course_id]
        row = CourseProgressRow(
            course=enrolment.course,
            enrolment=enrolment,
            lessons_total=len(course_lessons_),
            lessons_done=sum(1 for lesson in course_lessons_ if _done(progress.get(lesson.pk))),
            next_lesson=next_lesson(lessons=course_lessons_, progress=progress),
            completion=completions.get(enrolment.course_id),
        )
        (completed if row.completion else in_progress).append(row)
    return {"in_progress": in_progress, "completed": completed}


def catalogue_courses(*, index_page, request):

    courses = (
        CoursePage.objects.child_of(index_page)
        .live()
        .public()
        .select_related("cover_image")
        .prefetch_related("topics")
        .order_by("path")
    )
    topic_slug = request.GET.get("chu-de", "")
    topic = Topic.objects.filter(slug=topic_slug).first() if topic_slug else None
    if topic:
        courses = courses.filter(topics=topic)
    member = member_for_user(request.user)
    enrolled = (
        set(Enrolment.objects.filter(member=member).values_list("course_id", flat=True))
        if member
        else set()
    )
    return {
        "courses": courses,
        "topics": Topic.objects.filter(courses__live=True).distinct(),
        "active_topic": topic,
        "enrolled_ids": enrolled,
    }


def course_page_context(*, course, request):
    member = member_for_user(request.user)
    if course.pk is None:
        # Wagtail's preview of a course that was never saved: nobody can be enrolled in it yet.
        member = None
    lessons = course_lessons(course)
    progress = progress_for(member=member, lessons=lessons)
    enrolment = Enrolment.objects.filter(member=member, course=course).first() if member else None
    done_ids = {pk for pk, row in progress.items() if row.completed_at}
    unlocked = unlocked_lesson_ids(course=course, lessons=lessons, done_ids=done_ids)
    rows = [
        {
            "lesson": lesson,
            "done": lesson.pk in done_ids,
            "locked": bool(enrolment) and lesson.pk not in unlocked,
        }
        for lesson in lessons
    ]
    completion = (
        CourseCompletion.objects.filter(member=member, course=course).first() if member else None
    )
    # Once every lesson is done, say what still stands between the learner and completion
    # (usually the in-person sessions); before that the lesson list says it well enough.
    missing = (
        completion_status(member=member, course=course).reasons
        if enrolment and not completion and lessons and len(done_ids) == len(lessons)
        else []
    )
    return {
        "member": member,
        "enrolment": enrolment,
        "missing": missing,
        "lesson_rows": rows,
        "lessons_done": len(done_ids),
        "percent": round(100 * len(done_ids) / len(lessons)) if lessons else 0,
        "resume": next_lesson(lessons=lessons, progress=progress) if enrolment else None,
        "missing_prerequisites": missing_prerequisites(member=member, course=course),
        "completion": completion,
    }


def search_learning(*, query):
    """Courses and lessons matching ``query``, accent-insensitively.

    The query is folded like the indexed ``search_folded`` field, so "dich vu cong" and
    "dịch vụ công" find the same pages on SQLite and PostgreSQL alike."""

    # Only words reach the search backend: a quote, a bracket or a NUL byte is query syntax to
    # SQLite's FTS5 ("unterminated string") and refused by PostgreSQL, never something to find.
    folded = " ".join(_NON_WORD.sub(" ", fold(query)).split())
    if not folded:
        return {"courses": [], "lessons": []}
    courses = CoursePage.objects.live().public().search(folded, operator="and")
    lessons = LessonPage.objects.live().public().search(folded, operator="and")
    return {"courses": list(courses[:20]), "lessons": list(lessons[:30])}
