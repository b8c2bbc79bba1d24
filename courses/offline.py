"""Learning without a network (issue 19, item 2): what a downloaded course consists of, and the
write flow for work sent from the phone's outbox once the network returns.

Nothing is graded on the phone. A cached lesson page holds the questions and their options
only (the correct keys never leave the server); answers made offline travel back to
:func:`offline_submission_apply`, which grades them with the same services as an online
answer and keeps the idempotency key, so a retry never counts a second attempt.
"""

import json

from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from . import selectors, services
from .models import CoursePage, LessonPage, OfflineSubmission

# The renditions the lesson templates ask for (``srcset_image ... width-{360,720} format-webp``).
IMAGE_SPECS = ("width-360|format-webp", "width-720|format-webp")
# What a lesson needs besides its HTML and images: styles, scripts, fonts.
BUNDLE_STATIC = (
    "css/site.css",
    "css/courses.css",
    "fonts/BeVietnamPro-Regular.woff2",
    "fonts/BeVietnamPro-Bold.woff2",
    "js/offline-queue.js",
    "js/pwa.js",
    "js/offline-lessons.js",
)
# A lesson page's HTML without its body text, measured on the demo lessons (bytes).
PAGE_FRAME_BYTES = 12_000
MAX_ANSWERS = 200


def _static_size(path):
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            handle.seek(0, 2)
            return handle.tell()
    return 0


def _lesson_images(lesson):
    for child in lesson.body:
        if child.block_type == "image" and child.value.get("image"):
            yield child.value["image"]
        elif child.block_type == "steps":
            for step in child.value.get("steps", []):
                if step.get("screenshot"):
                    yield step["screenshot"]


def _image_files(images):
    """(url, bytes) of the renditions the templates show, made now if missing."""
    files = []
    for image in images:
        for rendition in image.get_renditions(*IMAGE_SPECS).values():
            try:
                size = rendition.file.size
            except (OSError, ValueError):
                size = 0
            files.append((rendition.url, size))
    return files


def offline_bundle(*, member, course: CoursePage) -> dict:
    """What "Tải về để học khi không có mạng" stores for ``member``: the course page, the lessons
    they may open now, those lessons' images, styles, scripts and fonts, with an estimate of the
    total size (the phone shows the exact figure after the download)."""
    if member is None or not selectors.is_enrolled(member=member, course=course):
        raise PermissionDenied(_("Hãy ghi danh khóa học trước khi tải về."))
    lessons = selectors.course_lessons(course)
    done = selectors.completed_lesson_ids(member=member, lessons=lessons)
    unlocked = selectors.unlocked_lesson_ids(course=course, lessons=lessons, done_ids=done)
    open_lessons = [lesson for lesson in lessons if lesson.pk in unlocked]
    images = [course.cover_image] if course.cover_image else []
    html_bytes = PAGE_FRAME_BYTES
    for lesson in open_lessons:
        images.extend(_lesson_images(lesson))
        html_bytes += PAGE_FRAME_BYTES + len(
            json.dumps(list(lesson.body.raw_data), ensure_ascii=False)
        )
    image_files = _image_files(images)
    static_files = [(static(path), _static_size(path)) for path in BUNDLE_STATIC]
    return {
        "course": course.pk,
        "title": course.title,
        "pages": [course.url] + [lesson.url for lesson in open_lessons],
        "locked": len(lessons) - len(open_lessons),
        "assets": sorted({url for url, _size in image_files + static_files}),
        "bytes": html_bytes + sum(size for _url, size in image_files + static_files),
    }


def _made_at(value, sent_at, now):
    """The moment the phone says the work was done, corrected by how far the phone's clock is
    from the server's (both times come from the same clock); never in the future."""
    made = parse_datetime(value) if isinstance(value, str) else None
    sent = parse_datetime(sent_at) if isinstance(sent_at, str) else None
    if made is None or timezone.is_naive(made):
        return now
    if sent is not None and timezone.is_aware(sent):
        made = now - (sent - made)
    return min(made, now)


def _answers(raw):
    if not isinstance(raw, dict) or len(raw) > MAX_ANSWERS:
        raise ValidationError(_("Câu trả lời gửi lên không hợp lệ."))
    answers = {}
    for block_id, keys in raw.items():
        if not isinstance(block_id, str) or not isinstance(keys, list) or len(keys) > 50:
            raise ValidationError(_("Câu trả lời gửi lên không hợp lệ."))
        answers[block_id] = [str(key)[:50] for key in keys]
    return answers


def _quiz_message(attempt, course):
    result = attempt.result
    text = _("Bạn đạt %(score)s%% (%(right)s/%(total)s câu đúng).") % {
        "score": attempt.score_percent,
        "right": result.correct_count,
        "total": result.total,
    }
    if attempt.passed:
        return f"{text} {_('Đạt yêu cầu, bài học đã hoàn thành.')}"
    return f"{text} " + _("Chưa đạt: cần tối thiểu %(mark)s%%.") % {"mark": course.pass_mark}


def _apply(*, member, lesson, action, answers):
    course = selectors.course_of_lesson(lesson)
    if action == OfflineSubmission.Action.COMPLETE:
        services.lesson_complete(member=member, lesson=lesson)
        return {"ok": True, "message": _("Đã ghi nhận hoàn thành bài học.")}
    attempt = services.quiz_attempt_create(member=member, lesson=lesson, submitted=answers)
    return {
        "ok": True,
        "score": attempt.score_percent,
        "passed": attempt.passed,
        "correct": attempt.result.correct_count,
        "total": attempt.result.total,
        "message": _quiz_message(attempt, course),
    }


def offline_submission_apply(
    *,
    member,
    lesson: LessonPage,
    action: str,
    key: str,
    answers=None,
    made_at=None,
    sent_at=None,
    now=None,
) -> OfflineSubmission:
    """Apply one queued lesson completion or quiz answer, once per ``key``.

    A refusal (the lesson is locked, no attempts left) is an answer too: it is stored with the
    key and shown on the phone, so a retry neither re-grades nor changes the verdict. The work
    and the key are saved in one transaction; a simultaneous retry that loses the race on the
    key's unique constraint rolls its attempt back and reads the winner's result."""
    now = now or timezone.now()
    key = str(key or "")[:64]
    if len(key) < 8:
        raise ValidationError(_("Thiếu mã gửi."))
    existing = OfflineSubmission.objects.filter(key=key).first()
    if existing is not None:
        if existing.member_id != member.pk:
            raise PermissionDenied
        return existing
    if action not in OfflineSubmission.Action.values:
        raise ValidationError(_("Việc gửi lên không hợp lệ."))
    answers = _answers(answers or {}) if action == OfflineSubmission.Action.QUIZ else {}
    try:
        with transaction.atomic():
            try:
                result = _apply(member=member, lesson=lesson, action=action, answers=answers)
            except ValidationError as error:
                result = {"ok": False, "message": " ".join(error.messages)}
            submission = OfflineSubmission(
                key=key,
                member=member,
                lesson=lesson,
                action=action,
                made_at=_made_at(made_at, sent_at, now),
                synced_at=now,
                accepted=result["ok"],
                result=result,
            )
            submission.full_clean(validate_unique=False)
            submission.save()
    except IntegrityError:
        return OfflineSubmission.objects.get(key=key)
    return submission
