"""Learner-facing views. Thin: gates and forms here, flows in services, reads in selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import CourseIndexPage, CoursePage
from .quiz import question_children


def catalogue(request):
    """A stable URL for the course catalogue, whatever slug the editors give the index page."""
    index = CourseIndexPage.objects.live().public().first()
    if index is None:
        return render(request, "courses/catalogue_empty.html")
    return redirect(index.url)


def _no_member(request):
    return render(request, "courses/no_member.html", status=403)


@login_required
def my_courses(request):
    member = selectors.member_for_user(request.user)
    if member is None:
        return _no_member(request)
    context = selectors.my_courses(member=member)
    return render(request, "courses/my_courses.html", context)


@login_required
@require_POST
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    member = selectors.member_for_user(request.user)
    if member is None:
        return _no_member(request)
    try:
        services.enrolment_create(member=member, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(course.url)
    messages.success(request, _("Bạn đã ghi danh khóa học “%(title)s”.") % {"title": course.title})
    lesson = course.lessons().first()
    return redirect(lesson.url if lesson else course.url)


def search(request):
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable()).strip()[:200]
    results = selectors.search_learning(query=query) if query else None
    return render(request, "courses/search.html", {"query": query, "results": results})


def lesson_serve(request, page, *args, **kwargs):
    """Serve a lesson: previews and staff read-only views pass, learners must be enrolled and
    the lesson unlocked. POST either marks the lesson done or submits its quiz."""
    course = selectors.course_of_lesson(page)
    if getattr(request, "is_preview", False):
        return _render_lesson(request, page, course, member=None)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    member = selectors.member_for_user(request.user)
    if member is None:
        if request.user.is_staff and request.method == "GET":
            return _render_lesson(request, page, course, member=None)
        return _no_member(request)
    if not selectors.is_enrolled(member=member, course=course):
        messages.info(request, _("Hãy ghi danh khóa học để bắt đầu học."))
        return redirect(course.url)
    lessons = selectors.course_lessons(course)
    done = selectors.completed_lesson_ids(member=member, lessons=lessons)
    unlocked = selectors.unlocked_lesson_ids(course=course, lessons=lessons, done_ids=done)
    if page.pk not in unlocked:
        progress = selectors.progress_for(member=member, lessons=lessons)
        return TemplateResponse(
            request,
            "courses/lesson_locked.html",
            {
                "page": page,
                "course": course,
                "resume": selectors.next_lesson(lessons=lessons, progress=progress),
            },
            status=403,
        )
    if request.method == "POST":
        return _lesson_post(request, page, course, member, lessons)
    services.lesson_view_record(member=member, lesson=page)
    return _render_lesson(request, page, course, member=member, lessons=lessons)


def _lesson_post(request, page, course, member, lessons):
    action = request.POST.get("action")
    try:
        if action == "complete":
            services.lesson_complete(member=member, lesson=page)
            messages.success(request, _("Đã đánh dấu hoàn thành bài học."))
            following = _following(page, lessons)
            return redirect(following.url if following else course.url)
        if action == "quiz":
            submitted = {
                child.id: request.POST.getlist(f"q-{child.id}") for child in question_children(page)
            }
            attempt = services.quiz_attempt_create(member=member, lesson=page, submitted=submitted)
            return _render_lesson(request, page, course, member=member, attempt=attempt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(page.url)
    except PermissionDenied as error:
        raise Http404 from error
    return redirect(page.url)


def _following(page, lessons):
    ids = [lesson.pk for lesson in lessons]
    position = ids.index(page.pk) if page.pk in ids else -1
    return lessons[position + 1] if 0 <= position < len(lessons) - 1 else None


def _render_lesson(request, page, course, *, member, lessons=None, attempt=None):
    lessons = lessons if lessons is not None else selectors.course_lessons(course)
    ids = [lesson.pk for lesson in lessons]
    position = ids.index(page.pk) if page.pk in ids else -1
    progress = selectors.progress_for(member=member, lessons=[page]).get(page.pk)
    done = bool(progress and progress.completed_at)
    following = lessons[position + 1] if 0 <= position < len(lessons) - 1 else None
    results = {q.block_id: q for q in attempt.result.questions} if attempt else {}
    quiz = member is not None and page.has_questions
    context = page.get_context(request)
    context.update(
        {
            "course": course,
            "member": member,
            "position": position + 1,
            "lessons_total": len(lessons),
            "previous_lesson": lessons[position - 1] if position > 0 else None,
            # In a sequential course the next lesson is only offered once this one is done.
            "next_lesson": following
            if following and (done or not course.sequential or member is None)
            else None,
            "done": done,
            "attempt": attempt,
            "pass_mark": course.pass_mark,
            "max_attempts": course.quiz_max_attempts,
            "attempts_left": selectors.quiz_attempts_left(member=member, lesson=page, course=course)
            if quiz
            else None,
            "reveal": quiz
            and selectors.quiz_answers_revealed(member=member, lesson=page, course=course),
            "quiz_items": [
                {"child": child, "result": results.get(child.id)}
                for child in question_children(page)
            ],
        }
    )
    return TemplateResponse(request, page.get_template(request), context)
