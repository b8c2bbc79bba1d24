"""Every page type can be previewed before its first save (Wagtail's "Xem trước" on the add
form), as the superuser, through the admin's own preview view."""

import pytest
from django.urls import reverse
from wagtail.models import get_page_models
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.pages.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories.accounts import AdminFactory
from tests.factories.courses import course_index, course_page

# Form data of a new page of each type. A page type missing here fails the coverage test, so a
# new page type cannot ship without a preview check.
FORM_DATA = {
    HomePage: {"hero_title": "Trang chủ xem trước", "hero_text": "", "body": rich_text("")},
    StandardPage: {"intro": "Tóm tắt", "body": streamfield([("paragraph", rich_text("<p>A</p>"))])},
    NewsIndexPage: {"intro": "Giới thiệu"},
    NewsPage: {
        "date": "2026-05-01",
        "lead": "Sapo của tin",
        "body": streamfield([("heading", "Tiêu đề")]),
    },
    CourseIndexPage: {"intro": "Danh mục"},
    CoursePage: {
        "code": "XT-01",
        "summary": "Khóa học chưa lưu.",
        "level": "basic",
        "estimated_hours": "1.5",
        "audience": "",
        "is_open": "on",
        "sequential": "on",
        "pass_mark": "70",
        "quiz_max_attempts": "0",
        "quiz_reveal_answers": "after_pass",
        "min_sessions": "0",
    },
    LessonPage: {
        "intro": "Mục tiêu",
        "estimated_minutes": "10",
        "body": streamfield([("paragraph", rich_text("<p>Đoạn</p>"))]),
    },
}


def _project_page_models():
    return [model for model in get_page_models() if model._meta.app_label != "wagtailcore"]


def test_every_page_type_has_preview_data():
    assert set(_project_page_models()) <= set(FORM_DATA), "add the new page type to FORM_DATA"


def _parent_for(model, pages):
    for parent in pages:
        if model.can_create_at(parent) or (
            model.max_count and type(parent) in model.allowed_parent_page_models()
        ):
            return parent
    raise AssertionError(f"no parent for {model.__name__}")


@pytest.mark.parametrize("model", _project_page_models(), ids=lambda m: m.__name__)
def test_preview_before_first_save(client, site_pages, model):
    from wagtail.models import Page

    index = course_index(site_pages)
    course = course_page(index)
    pages = [
        Page.get_first_root_node(),
        site_pages,
        NewsIndexPage.objects.get(),
        index,
        course,
    ]
    parent = _parent_for(model, pages)
    client.force_login(AdminFactory())
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=(model._meta.app_label, model._meta.model_name, parent.pk),
    )
    data = nested_form_data({"title": "Xem trước", "slug": "xem-truoc", **FORM_DATA[model]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}
    response = client.get(url)
    assert response.status_code == 200, response.content[:2000]
    assert "Xem trước" in response.content.decode()


def test_unsaved_course_preview_lists_the_prerequisites_chosen_in_the_form(client, site_pages):
    index = course_index(site_pages)
    required = course_page(index, title="An toàn thông tin cơ bản")
    client.force_login(AdminFactory())
    url = reverse("wagtailadmin_pages:preview_on_add", args=("courses", "coursepage", index.pk))
    data = nested_form_data({"title": "Khóa mới", "slug": "khoa-moi", **FORM_DATA[CoursePage]})
    data["prerequisites"] = [str(required.pk)]
    assert client.post(url, data).json()["is_valid"]
    html = client.get(url).content.decode()
    assert "An toàn thông tin cơ bản" in html
