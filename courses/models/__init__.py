"""Courses as Wagtail pages (CourseIndexPage → CoursePage → LessonPage) and the learning records
of team members, one module per concern:

- ``topics``: the taxonomies (``Topic``, ``DigitalSkill``);
- ``pages``: the course pages;
- ``progress``: enrolments, lesson progress, quiz attempts and completions;
- ``announcements``: local announcements of officers and their moderation task;
- ``offline``: the idempotency keys of work sent from a phone after it was offline.

Everything is re-exported here, so ``from courses.models import CoursePage`` keeps working.
"""

from .announcements import Announcement, AreaApprovalTask
from .offline import OfflineSubmission
from .pages import CourseIndexPage, CoursePage, LessonPage
from .progress import (
    MEMBER_SCOPE_PATHS,
    CourseCompletion,
    Enrolment,
    LessonProgress,
    QuizAttempt,
)
from .topics import DigitalSkill, Topic

__all__ = [
    "Announcement",
    "AreaApprovalTask",
    "MEMBER_SCOPE_PATHS",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "DigitalSkill",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "OfflineSubmission",
    "QuizAttempt",
    "Topic",
]
