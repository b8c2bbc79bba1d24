"""The learner's pages (a lesson, its course, the dashboard) through Django's test client:
the view and template cost without a server in front."""

from django.test import Client
from django.urls import reverse

from courses.models import Enrolment, LessonPage

from ..generator import PHONE_PREFIX
from .measure import LOGIN_BACKEND, NO_LEARNER, NO_PAGE, Result, measure, result_of

PAGE_NAMES = ["lesson_page", "course_page", "learner_dashboard"]


def learner():
    """A scale member with an account, enrolled in a course with lessons: (member, course,
    lesson). Falls back to any member with an account."""
    enrolments = Enrolment.objects.filter(member__user__isnull=False).select_related(
        "member__user", "course"
    )
    enrolment = (
        enrolments.filter(member__phone__startswith=PHONE_PREFIX).order_by("pk").first()
        or enrolments.order_by("pk").first()
    )
    if enrolment is None:
        return None
    lesson = LessonPage.objects.child_of(enrolment.course).live().order_by("path").first()
    return enrolment.member, enrolment.course, lesson


def page_urls():
    found = learner()
    if found is None:
        return None, {}
    member, course, lesson = found
    urls = {"course_page": course.url, "learner_dashboard": reverse("courses:my_courses")}
    if lesson is not None:
        urls["lesson_page"] = lesson.url
    return member.user, urls


def page_results(suffix, urls, time_page, *, target_ms):
    """One result per page of ``PAGE_NAMES``, named ``<page>_<suffix>``. ``time_page(url,
    statuses)`` returns (ms timings, queries) and adds every HTTP status it got to
    ``statuses``; anything but 200 fails the page whatever its time."""
    results = []
    for name in PAGE_NAMES:
        url = urls.get(name)
        if url is None:
            results.append(Result(name=f"{name}_{suffix}", note=str(NO_PAGE)))
            continue
        statuses = set()
        timings, queries = time_page(url, statuses)
        result = result_of(f"{name}_{suffix}", timings, queries, target_ms=target_ms)
        if statuses != {200}:
            result.passed = False
            result.note = f"HTTP {sorted(statuses)}"
        results.append(result)
    return results


def bench_pages_client(*, repeat, target_ms=300):
    user, urls = page_urls()
    if user is None:
        return [Result(name=f"{n}_client", note=str(NO_LEARNER)) for n in PAGE_NAMES]
    client = Client()
    client.force_login(user, backend=LOGIN_BACKEND)

    def time_page(url, statuses):
        def get():
            statuses.add(client.get(url).status_code)

        return measure(get, repeat=repeat)

    return page_results("client", urls, time_page, target_ms=target_ms)
