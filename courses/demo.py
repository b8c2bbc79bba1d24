"""Demo courses and learning progress (idempotent: running twice changes nothing).

Creates the course catalogue under the home page, the four courses of ``demo_content`` with
their lessons published through revisions (so the admin shows history), the trainers' page
permissions and moderation workflow, and the demo member's learning: Trần Thị Mai (0912000005)
completes the information-security course, is halfway through the public-service portal
course and enrolled in the fraud course, which needs one attended session (recorded by the
attendance demo).
"""

from decimal import Decimal

from django.db import transaction
from wagtail.search.index import insert_or_update_object

from lms.accounts.models import User
from lms.pages.models import HomePage
from teams.models import CommunityTeam, Member

from . import services
from .demo_content import COURSES, INDEX
from .models import CourseIndexPage, CoursePage, DigitalSkill, Enrolment, LessonPage, Topic
from .permissions import announcement_workflow_sync, course_tree_permissions_sync
from .quiz import question_children

DEMO_MEMBER_PHONE = "0912000005"
WARD_OFFICER = "0912000004"
TRAINER = "0912000001"


def _stream(items):
    return [{"type": kind, "value": value} for kind, value in items]


def _publish(page, user=None):
    # The trainer authors the revision; publishing is the system's (trainers cannot publish).
    page.save_revision(user=user).publish()
    return page


def _index(home):
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(title=INDEX["title"], slug=INDEX["slug"], intro=INDEX["intro"])
        )
        _publish(index)
    return index


def _course(index, spec, trainer):
    course = CoursePage.objects.filter(code=spec["code"]).first()
    if course is None:
        course = index.add_child(
            instance=CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                code=spec["code"],
                summary=spec["summary"],
                audience=spec["audience"],
                level=spec["level"],
                estimated_hours=Decimal(spec["hours"]),
                sequential=spec["sequential"],
                pass_mark=spec["pass_mark"],
                min_sessions=spec["min_sessions"],
                owner=trainer,
            )
        )
        course.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        course.skills.set(DigitalSkill.objects.filter(code__in=spec["skills"]))
        course.prerequisites.set(CoursePage.objects.filter(code__in=spec["prerequisites"]))
        _publish(course, trainer)
    for lesson_spec in spec["lessons"]:
        if LessonPage.objects.child_of(course).filter(slug=lesson_spec["slug"]).exists():
            continue
        lesson = course.add_child(
            instance=LessonPage(
                title=lesson_spec["title"],
                slug=lesson_spec["slug"],
                intro=lesson_spec["intro"],
                estimated_minutes=lesson_spec["minutes"],
                body=_stream(lesson_spec["body"]),
                owner=trainer,
            )
        )
        _publish(lesson, trainer)
    return course


def _correct_answers(lesson):
    return {
        child.id: sorted(child.block.correct_keys(child.value))
        for child in question_children(lesson)
    }


def _study(member, lesson):
    """Finish a lesson the way a learner does: the button, or a passing quiz attempt."""
    if lesson.has_questions:
        services.quiz_attempt_create(
            member=member, lesson=lesson, submitted=_correct_answers(lesson)
        )
    else:
        services.lesson_complete(member=member, lesson=lesson)


def _learning(courses, stdout):

    member = Member.objects.filter(phone=DEMO_MEMBER_PHONE).first()
    if member is None:
        return
    officer = User.objects.filter(username=WARD_OFFICER).first()
    by_code = {course.code: course for course in courses}
    attt, dvc, ldtt = by_code["ATTT-01"], by_code["DVC-01"], by_code["LDTT-01"]

    if not Enrolment.objects.filter(member=member, course=attt).exists():
        services.enrolment_create(member=member, course=attt)
        for lesson in attt.lessons():
            _study(member, lesson)
    if not Enrolment.objects.filter(member=member, course=dvc).exists():
        services.enrolment_create(member=member, course=dvc)
        lessons = list(dvc.lessons())
        for lesson in lessons[:2]:
            _study(member, lesson)
        if len(lessons) > 2:
            services.lesson_view_record(member=member, lesson=lessons[2])
    if officer is not None:
        # The ward officer enrols Mai's whole team in the fraud course (it needs a session).
        team = (
            CommunityTeam.objects.filter(memberships__member=member, memberships__left_on=None)
            .order_by("pk")
            .first()
        )
        if team is not None:
            count = services.enrolment_bulk_create(course=ldtt, by=officer, team=team)
            if stdout and count:
                stdout.write(f"  {count} thành viên được ghi danh khóa {ldtt.code}")


@transaction.atomic
def seed(*, stdout=None):

    home = HomePage.objects.first()
    if home is None:
        return None
    trainer = User.objects.filter(username=TRAINER).first()
    index = _index(home)
    courses = [_course(index, spec, trainer) for spec in COURSES]
    course_tree_permissions_sync()
    announcement_workflow_sync()
    # Index now rather than through the task queue, so search works right after seed_demo
    # even before a worker has run.
    for page in [index, *courses, *LessonPage.objects.all()]:
        insert_or_update_object(page.specific)
    _learning(courses, stdout)
    if stdout:
        stdout.write(f"Khóa học: {len(courses)} khóa, {LessonPage.objects.count()} bài học")
    return index
