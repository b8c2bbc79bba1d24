"""The installable, offline-first web app for learners (issue 19, items 1, 2 and 7): manifest,
service worker, the downloaded course's file list, work sent later from the phone's outbox
(graded on the server, once per idempotency key) and the "Tiết kiệm dữ liệu" switch."""

import datetime
import json
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from PIL import Image as PILImage

from courses import offline, services
from courses.models import LessonProgress, OfflineSubmission, QuizAttempt
from courses.quiz import question_children
from tests.factories.courses import lesson_page, single_choice, true_false

pytestmark = pytest.mark.django_db
SYNC = "/ngoai-tuyen/bai-hoc/"


@pytest.fixture
def quiz_lesson(course):
    return lesson_page(
        course,
        body=[
            {"type": "paragraph", "value": "<p>Đọc kỹ.</p>"},
            single_choice(question="Địa chỉ Cổng?", correct=1, options=("a.vn", "b.gov.vn")),
            true_false(question="Không đọc OTP cho người lạ.", answer="true"),
        ],
    )


@pytest.fixture
def enrolled(client, course, learner):
    services.enrolment_create(member=learner, course=course)
    client.force_login(learner.user)
    return learner


def _sync(client, learner, **body):
    body.setdefault("key", str(uuid.uuid4()))
    body.setdefault("user", learner.user.pk)
    return client.post(SYNC, json.dumps(body), content_type="application/json")


class InstallableTests:
    def test_manifest_is_vietnamese_and_installable(self, client):
        response = client.get("/manifest.webmanifest")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/manifest+json")
        data = json.loads(response.content)
        assert data["name"] == "Tổ công nghệ số cộng đồng – Học tập"
        assert data["display"] == "standalone"
        assert data["start_url"].startswith("/") and data["scope"] == "/"
        sizes = {(i["sizes"], i.get("purpose", "any")) for i in data["icons"]}
        assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
        for icon in data["icons"]:
            path = finders.find(icon["src"].removeprefix("/static/"))
            width, height = PILImage.open(path).size
            assert f"{width}x{height}" == icon["sizes"]

    def test_service_worker_served_from_the_root(self, client):
        response = client.get("/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/javascript")
        assert response["Service-Worker-Allowed"] == "/"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        head = response.content.decode().split("\n", 1)[0]
        config = json.loads(head.removeprefix("self.LMS_SW = ").rstrip(";"))
        assert "/ngoai-tuyen/" in config["precache"]
        assert len(config["version"]) == 12
        for url in config["precache"]:
            assert client.get(url).status_code == 200 or finders.find(
                url.removeprefix("/static/")
            ), url

    def test_every_page_links_the_manifest_and_registers_the_worker(self, client):
        html = client.get("/ngoai-tuyen/").content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert '<meta name="theme-color"' in html
        assert 'data-sw="/sw.js"' in html
        assert "js/pwa.js" in html
        assert "Đang ngoại tuyến" in html

    def test_offline_page_shows_nobody(self, client, learner):
        client.force_login(learner.user)
        html = client.get("/ngoai-tuyen/").content.decode()
        assert learner.user.get_username() not in html
        assert "dang-xuat" not in html


class BundleTests:
    def test_lists_open_lessons_and_size(self, client, course, enrolled, lessons):
        response = client.get(f"/ngoai-tuyen/khoa/{course.pk}/")
        assert response.status_code == 200
        data = response.json()
        assert data["pages"][0] == course.url
        # Sequential course: only the first lesson is open before anything is done.
        assert data["pages"][1:] == [lessons[0].url]
        assert data["locked"] == 2
        assert any(url.endswith(".woff2") for url in data["assets"])
        fonts = sum(
            Path(finders.find(f"fonts/BeVietnamPro-{w}.woff2")).stat().st_size
            for w in ("Regular", "Bold")
        )
        assert data["bytes"] > fonts

    def test_not_enrolled_gets_nothing(self, client, course, learner, lessons):
        client.force_login(learner.user)
        assert client.get(f"/ngoai-tuyen/khoa/{course.pk}/").status_code == 403
        client.logout()
        assert client.get(f"/ngoai-tuyen/khoa/{course.pk}/").status_code == 403

    def test_cached_quiz_page_holds_no_answers(self, client, enrolled, quiz_lesson):
        html = client.get(quiz_lesson.url).content.decode()
        assert 'data-offline-action="quiz"' in html
        for child in question_children(quiz_lesson):
            assert child.id in html
        # Nothing marks a correct option: no "correct" attribute or class on the page.
        assert not re.search(r"(data-correct|is-correct|correct_keys)", html)


class OfflineSubmissionTests:
    def test_quiz_answered_offline_is_graded_on_sync_once(
        self, client, course, enrolled, quiz_lesson
    ):
        single, tf = (child.id for child in question_children(quiz_lesson))
        key = str(uuid.uuid4())
        made = (timezone.now() - datetime.timedelta(minutes=30)).isoformat()
        body = {
            "key": key,
            "lesson": quiz_lesson.pk,
            "action": "quiz",
            "answers": {single: ["1"], tf: ["true"]},
            "made_at": made,
            "sent_at": timezone.now().isoformat(),
        }
        first = _sync(client, enrolled, **body)
        again = _sync(client, enrolled, **body)
        assert first.status_code == again.status_code == 200
        assert first.json()["score"] == 100 and first.json()["passed"] is True
        assert "Bạn đạt 100%" in first.json()["message"]
        assert again.json() == first.json()
        assert QuizAttempt.objects.filter(member=enrolled, lesson=quiz_lesson).count() == 1
        submission = OfflineSubmission.objects.get(key=key)
        assert submission.accepted
        assert abs(
            (timezone.now() - submission.made_at) - datetime.timedelta(minutes=30)
        ) < datetime.timedelta(seconds=5)
        assert LessonProgress.objects.get(member=enrolled, lesson=quiz_lesson).completed_at

    def test_wrong_answers_fail_and_a_locked_lesson_is_refused(
        self, client, course, enrolled, quiz_lesson
    ):
        later = lesson_page(course)
        single, tf = (child.id for child in question_children(quiz_lesson))
        failed = _sync(
            client,
            enrolled,
            lesson=quiz_lesson.pk,
            action="quiz",
            answers={single: ["0"], tf: ["false"]},
        )
        assert failed.json()["passed"] is False and "Chưa đạt" in failed.json()["message"]
        locked = _sync(client, enrolled, lesson=later.pk, action="complete")
        assert locked.status_code == 200 and locked.json()["ok"] is False
        assert "chưa mở" in locked.json()["message"]
        assert not LessonProgress.objects.filter(lesson=later, completed_at__isnull=False).exists()

    def test_completion_in_order_unlocks_the_next(self, client, course, enrolled, lessons):
        for lesson in lessons[:2]:
            assert _sync(client, enrolled, lesson=lesson.pk, action="complete").json()["ok"]
        assert (
            LessonProgress.objects.filter(member=enrolled, completed_at__isnull=False).count() == 2
        )

    def test_another_account_keeps_it_for_later(self, client, enrolled, lessons):
        response = _sync(client, enrolled, lesson=lessons[0].pk, action="complete", user=999999)
        assert response.status_code == 409
        assert not OfflineSubmission.objects.exists()

    def test_signed_out_and_garbage(self, client, enrolled, lessons):
        assert client.post(SYNC, "[1,2", content_type="application/json").status_code == 400
        assert _sync(client, enrolled, lesson=lessons[0].pk, action="explode").status_code == 400
        assert (
            _sync(client, enrolled, lesson=lessons[0].pk, action="quiz", answers=[1]).status_code
            == 400
        )
        assert (
            _sync(client, enrolled, lesson=lessons[0].pk, action="complete", key="x").status_code
            == 400
        )
        client.logout()
        assert _sync(client, enrolled, lesson=lessons[0].pk, action="complete").status_code == 403

    def test_future_device_clock_is_clamped(self, enrolled, lessons):
        future = (timezone.now() + datetime.timedelta(days=3)).isoformat()
        submission = offline.offline_submission_apply(
            member=enrolled,
            lesson=lessons[0],
            action="complete",
            key=str(uuid.uuid4()),
            made_at=future,
        )
        assert submission.made_at <= timezone.now()
