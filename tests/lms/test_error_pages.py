"""The error pages are Vietnamese, say what to do, and render without the database.

Each page is reached through the test client with ``DEBUG=False``, from small views in this
module's own URLconf (the project's handlers are imported from ``lms.urls``).
"""

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError, connection
from django.http import Http404, HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.views.decorators.csrf import ensure_csrf_cookie

from lms.accounts.groups import groups_sync
from lms.accounts.services import user_role_groups_sync
from lms.urls import handler400, handler403, handler404, handler500  # noqa: F401
from tests.factories.accounts import UserFactory, WardOfficerFactory

ENGLISH = [
    "Bad Request",
    "Forbidden",
    "Not Found",
    "Server Error",
    "CSRF verification",
    "Error 404",
]


def _raise(exception):
    def view(request):
        raise exception

    return view


def _interrupt_session(request):
    """Does its work, then the session row vanishes before the middleware saves it (as when
    the database drops the connection, or another tab signs out, mid-request)."""
    request.session["last_seen"] = "now"
    Session.objects.filter(session_key=request.session.session_key).delete()
    return HttpResponse("saved")


@ensure_csrf_cookie
def _form(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bad/", _raise(BadRequest("malformed"))),
    path("denied/", _raise(PermissionDenied)),
    path("denied-why/", _raise(PermissionDenied("Bạn đã nhập sai mã quá nhiều lần."))),
    path("denied-internal/", _raise(PermissionDenied("address blocked"))),
    path("missing/", _raise(Http404("no such thing"))),
    path("boom/", _raise(RuntimeError("boom"))),
    path("db-down/", _raise(OperationalError("server closed the connection"))),
    path("session/", _interrupt_session),
    path("form/", _form),
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_error_urls"),
]


@pytest.fixture
def _error_urls():
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        yield


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


def _assert_vietnamese(response, status, *phrases):
    assert response.status_code == status
    body = response.content.decode()
    assert '<html lang="vi">' in body
    for phrase in phrases:
        assert phrase in body
    for word in ENGLISH:
        assert word not in body, word


def test_400_is_vietnamese(anon):
    _assert_vietnamese(anon.get("/bad/"), 400, "Yêu cầu không hợp lệ")


def test_403_is_vietnamese(anon):
    _assert_vietnamese(anon.get("/denied/"), 403, "Không có quyền truy cập")


def test_403_shows_the_reason_written_for_people_only(anon):
    _assert_vietnamese(anon.get("/denied-why/"), 403, "Bạn đã nhập sai mã quá nhiều lần.")
    response = anon.get("/denied-internal/")
    _assert_vietnamese(response, 403, "Tài khoản của bạn không được phép xem nội dung này.")
    assert "address blocked" not in response.content.decode()


def test_404_is_vietnamese(anon):
    _assert_vietnamese(anon.get("/missing/"), 404, "Không tìm thấy trang")


def test_500_is_vietnamese(anon):
    _assert_vietnamese(anon.get("/boom/"), 500, "Lỗi hệ thống", "Thử lại")


def test_error_pages_read_nothing_from_the_database():
    """A signed-in user: Django's own handlers would load the session and the user to render
    the page; these do not, so the page survives the database being down. (Wagtail's redirect
    middleware looks a 404's path up in its own table: that is not the page rendering.)"""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    for url, status in [
        ("/boom/", 500),
        ("/db-down/", 500),
        ("/missing/", 404),
        ("/denied/", 403),
        ("/bad/", 400),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == status, url
        page_queries = [
            q["sql"]
            for q in queries
            if "wagtailredirects_redirect" not in q["sql"] and "wagtailcore_site" not in q["sql"]
        ]
        assert page_queries == [], url


def test_500_when_the_database_is_down():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(refuse):
        response = client.get("/db-down/")
    _assert_vietnamese(response, 500, "Lỗi hệ thống")


def test_csrf_failure_is_vietnamese_with_what_to_do():
    client = Client(enforce_csrf_checks=True)
    client.get("/form/")  # the cookie is set ...
    response = client.post("/form/", {"x": "1"})  # ... but the form carries no token
    _assert_vietnamese(response, 403, "Không gửi được biểu mẫu", "tải lại trang")


def test_csrf_failure_without_cookie_says_to_enable_cookies():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/form/", {"x": "1"})
    _assert_vietnamese(response, 403, "Không gửi được biểu mẫu", "bật cookie")


def test_failed_session_save_is_vietnamese_and_says_the_work_may_be_saved():
    """Django answers SessionInterrupted with its English "Bad Request (400)"; the user whose
    check-in was saved must not read that it failed."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/session/")
    _assert_vietnamese(
        response, 400, "Phiên làm việc bị gián đoạn", "có thể đã được lưu", "Tải lại trang"
    )


@override_settings(ROOT_URLCONF="lms.urls")
def test_wagtail_admin_404_is_vietnamese(client):
    groups_sync()
    officer = WardOfficerFactory()
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    response = client.get("/admin/khong-co-man-hinh-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Lỗi 404" in body
    assert "Không tìm thấy trang bạn yêu cầu" in body
    assert "The requested page could not be found" not in body
    assert "Go to Wagtail admin" not in body


@override_settings(ROOT_URLCONF="lms.urls")
def test_public_404_is_vietnamese(client, site_pages):
    response = client.get("/khong-co-trang-nay/")
    _assert_vietnamese(response, 404, "Không tìm thấy trang", "Về trang chủ")
