"""Write flows of learning: enrolment, progress, quiz attempts and course completion."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log as audit_log

from lms.accounts.scoping import scope_for, scope_queryset
from lms.core.signals import members_changed_send
from teams.choices import TeamStatus
from teams.models import Member

from . import selectors
from .choices import EnrolmentSource
from .models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    Topic,
)
from .quiz import grade

BULK_BATCH_SIZE = 1000


@transaction.atomic
def enrolment_create(*, member, course: CoursePage, by=None) -> Enrolment:
    """Enrol one member. Without ``by`` it is self-enrolment: the course must be open and its
    prerequisites completed. Staff (``by``) may enrol anyone in their scope, open or not, since
    they know who learned a prerequisite offline. Enrolling twice returns the first row."""
    existing = Enrolment.objects.filter(member=member, course=course).first()
    if existing:
        return existing
    if not course.live:
        raise ValidationError(_("Khóa học này chưa được xuất bản."))
    if by is None:
        if not course.is_open:
            raise ValidationError(
                _("Khóa học này không cho phép tự ghi danh. Hãy liên hệ cán bộ phụ trách.")
            )
        missing = selectors.missing_prerequisites(member=member, course=course)
        if missing:
            raise ValidationError(
                _("Cần hoàn thành trước: %(titles)s.")
                % {"titles": ", ".join(c.title for c in missing)}
            )
        source = EnrolmentSource.SELF
    else:
        if not by.has_perm("courses.add_enrolment") or not scope_for(by).covers(member):
            raise PermissionDenied(_("Bạn không có quyền ghi danh người này."))
        source = EnrolmentSource.BULK
    enrolment = Enrolment(member=member, course=course, enrolled_by=by, source=source)
    enrolment.full_clean()
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        # A double click racing itself: the other request's row is the enrolment.
        return Enrolment.objects.get(member=member, course=course)
    members_changed_send(sender=__name__, member_ids=[member.pk])  # the activity report
    return enrolment


def enrolment_bulk_create(*, course: CoursePage, by, team=None, ward=None, province=None) -> int:
    """Enrol every current member of a team, a ward's teams or a province's teams, limited to
    what ``by`` may see. Returns how many new enrolments were made; already enrolled members are
    skipped, so running it again enrols nobody twice. Query count does not depend on size."""

    if not by.has_perm("courses.add_enrolment"):
        raise PermissionDenied(_("Bạn không có quyền ghi danh theo danh sách."))
    if sum(target is not None for target in (team, ward, province)) != 1:
        raise ValidationError(_("Chọn đúng một tổ, một xã/phường hoặc một tỉnh/thành phố."))
    if not course.live:
        raise ValidationError(_("Khóa học này chưa được xuất bản."))
    # One filter() call, so the conditions apply to the same membership row: someone who left
    # this team but is active in another one is not enrolled through this team.
    current = {"memberships__left_on__isnull": True}
    if team is not None:
        current["memberships__team"] = team
    else:
        current["memberships__team__status"] = TeamStatus.ACTIVE
        if ward is not None:
            current["memberships__team__ward"] = ward
        else:
            current["memberships__team__ward__province"] = province
    members = Member.objects.filter(anonymised_at__isnull=True, **current)
    member_ids = list(
        scope_queryset(by, members)
        .exclude(enrolments__course=course)
        .values_list("pk", flat=True)
        .distinct()
    )
    now = timezone.now()
    with transaction.atomic():
        created = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    member_id=member_id,
                    course=course,
                    enrolled_by=by,
                    enrolled_at=now,
                    source=EnrolmentSource.BULK,
                )
                for member_id in member_ids
            ],
            batch_size=BULK_BATCH_SIZE,
            ignore_conflicts=True,
        )
        members_changed_send(sender=__name__, member_ids=member_ids)  # the activity report
    return len(created)


def _lesson_gate(*, member, lesson: LessonPage):
    """The lesson's course, after checking the member may work on this lesson now."""
    course = selectors.course_of_lesson(lesson)
    if course is None or not selectors.is_enrolled(member=member, course=course):
        raise ValidationError(_("Bạn cần ghi danh khóa học trước khi học bài này."))
    lessons = selectors.course_lessons(course)
    done = selectors.completed_lesson_ids(member=member, lessons=lessons)
    if lesson.pk not in selectors.unlocked_lesson_ids(
        course=course, lessons=lessons, done_ids=done
    ):
        raise ValidationError(_("Bài học này chưa mở. Hãy hoàn thành các bài trước."))
    return course


def lesson_view_record(*, member, lesson: LessonPage) -> LessonProgress:
    """Remember the last lesson opened, so the learner can resume there."""
    progress, created = LessonProgress.objects.get_or_create(
        member=member, lesson=lesson, defaults={"last_viewed_at": timezone.now()}
    )
    if not created:
        progress.last_viewed_at = timezone.now()
        progress.save(update_fields=["last_viewed_at"])
    return progress


def _mark_completed(*, member, lesson):
    now = timezone.now()
    progress, _created = LessonProgress.objects.get_or_create(
        member=member, lesson=lesson, defaults={"last_viewed_at": now, "completed_at": now}
    )
    if progress.completed_at is None:
        progress.completed_at = now
        progress.save(update_fields=["completed_at"])
    return progress


@transaction.atomic
def lesson_complete(*, member, lesson: LessonPage) -> LessonProgress:
    """The learner's "Đánh dấu đã học" button. Lessons with questions are completed only by
    passing them (see :func:`quiz_attempt_create`)."""
    course = _lesson_gate(member=member, lesson=lesson)
    if lesson.has_questions:
        raise ValidationError(_("Bài học này hoàn thành khi bạn làm đạt bài kiểm tra."))
    progress = _mark_completed(member=member, lesson=lesson)
    course_completion_evaluate(member=member, course=course)
    return progress


@transaction.atomic
def quiz_attempt_create(*, member, lesson: LessonPage, submitted: dict) -> QuizAttempt:
    """Grade and store one attempt (every attempt is kept). Passing completes the lesson.

    ``submitted`` maps a question's block id to the chosen option keys. The graded result is
    attached to the returned attempt as ``result`` for the page to show."""
    course = _lesson_gate(member=member, lesson=lesson)
    if not lesson.has_questions:
        raise ValidationError(_("Bài học này không có câu hỏi kiểm tra."))
    result = grade(lesson, submitted)
    if not any(question.selected for question in result.questions):
        # A blank attempt teaches nothing and, where answers are shown, would reveal them.
        raise ValidationError(_("Bạn chưa chọn đáp án nào. Hãy trả lời rồi nộp bài."))
    if selectors.quiz_attempts_left(member=member, lesson=lesson, course=course) == 0:
        raise ValidationError(
            _("Bạn đã làm bài kiểm tra này đủ %(n)s lần cho phép.")
            % {"n": course.quiz_max_attempts}
        )
    attempt = QuizAttempt(
        member=member,
        lesson=lesson,
        answers=result.as_answers(),
        score_percent=result.score_percent,
        passed=result.score_percent >= course.pass_mark,
    )
    attempt.full_clean()
    attempt.save()
    if attempt.passed:
        _mark_completed(member=member, lesson=lesson)
        course_completion_evaluate(member=member, course=course)
    attempt.result = result
    return attempt


@transaction.atomic
def course_completion_evaluate(*, member, course: CoursePage) -> CourseCompletion | None:
    """THE place where a course counts as completed: all lessons done, the best score of every
    quiz at or above the pass mark, and enough attended sessions. Records the completion with
    today's date once; a recorded completion is kept even if the rules later change."""
    existing = CourseCompletion.objects.filter(member=member, course=course).first()
    if existing:
        return existing
    status = selectors.completion_status(member=member, course=course)
    if not status.complete:
        return None
    completion = CourseCompletion(
        member=member,
        course=course,
        completed_on=timezone.localdate(),
        quiz_score_percent=status.average_quiz_score,
        sessions_attended=status.sessions_attended,
    )
    completion.full_clean()
    try:
        with transaction.atomic():
            completion.save()
    except IntegrityError:
        return CourseCompletion.objects.get(member=member, course=course)
    members_changed_send(sender=__name__, member_ids=[member.pk])
    return completion


# --- Topics (a snippet edited by trainers and reviewers) --------------------------------------


@transaction.atomic
def topic_create(*, name, slug, description="", by=None) -> Topic:
    topic = Topic(name=name, slug=slug, description=description or "")
    topic.full_clean()
    topic.save()
    audit_log(instance=topic, action="wagtail.create", user=by, content_changed=True)
    return topic


@transaction.atomic
def topic_update(*, topic: Topic, by=None, **changes) -> Topic:
    for field in changes:
        if field not in ("name", "slug", "description"):
            raise TypeError(f"topic_update() got an unexpected field {field!r}")
    for field, value in changes.items():
        setattr(topic, field, value)
    topic.full_clean()
    topic.save()
    audit_log(instance=topic, action="wagtail.edit", user=by, content_changed=True)
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, by=None) -> None:
    """Courses filed under the topic lose it; their certificates and figures do not change."""
    audit_log(instance=topic, action="wagtail.delete", user=by, deleted=True)
    topic.delete()
