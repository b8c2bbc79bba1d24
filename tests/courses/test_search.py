"""Accent-insensitive search across courses and lessons."""

from django.urls import reverse

from courses.selectors import search_learning
from tests.factories.courses import course_page, lesson_page


def test_search_without_accents(client, index):
    course = course_page(
        index, title="Sử dụng Cổng Dịch vụ công quốc gia", summary="Nộp hồ sơ trực tuyến."
    )
    other = course_page(index, title="An toàn thông tin", summary="Mật khẩu mạnh.")
    lesson = lesson_page(
        other,
        title="Nhận diện lừa đảo",
        body=[{"type": "paragraph", "value": "<p>Kẻ gian giả danh nhân viên điện lực.</p>"}],
    )
    results = search_learning(query="dich vu cong")
    assert [c.pk for c in results["courses"]] == [course.pk]
    # Accented and unaccented queries find the same pages, including lesson body text.
    assert [c.pk for c in search_learning(query="DỊCH VỤ CÔNG")["courses"]] == [course.pk]
    assert [p.pk for p in search_learning(query="gia danh dien luc")["lessons"]] == [lesson.pk]
    assert [p.pk for p in search_learning(query="lừa đảo")["lessons"]] == [lesson.pk]

    response = client.get(reverse("courses:search"), {"q": "dich vu cong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert course.title in html and other.title not in html


def test_search_hides_drafts(client, index):
    draft = course_page(index, title="Thương mại điện tử cho nông sản")
    draft.unpublish()
    assert search_learning(query="thuong mai dien tu")["courses"] == []
    html = client.get(reverse("courses:search"), {"q": "thuong mai"}).content.decode()
    assert "Không tìm thấy kết quả" in html


def test_empty_query(client, db):
    response = client.get(reverse("courses:search"))
    assert response.status_code == 200
    assert search_learning(query="  ") == {"courses": [], "lessons": []}
