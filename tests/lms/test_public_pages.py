"""What a citizen's phone meets on the public pages: icon, description, footer, accessible help
texts, search input that is syntax to the database, and the admin's multi-choice widgets."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from lms.pages.models import NewsPage
from tests.factories.accounts import AdminFactory
from tests.factories.courses import course_index, course_page

pytestmark = pytest.mark.django_db

SITE_DEFAULT = "Nền tảng học tập của các Tổ công nghệ số cộng đồng"


def _description(html):
    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, found
    return found[0]


def test_every_page_has_one_meta_description(client, site_pages):
    assert _description(client.get("/").content.decode()).startswith("Mỗi thôn, ấp, bản")
    news = NewsPage.objects.get(slug="canh-bao-lua-dao-gia-danh-co-quan-cong-an")
    assert _description(client.get(news.url).content.decode()).startswith(
        "Đề nghị các Tổ công nghệ số"
    )
    news.search_description = "Mô tả do biên tập viên viết."
    news.save_revision().publish()
    assert _description(client.get(news.url).content.decode()) == "Mô tả do biên tập viên viết."
    # Pages that are not Wagtail pages get the site's own description.
    html = client.get(reverse("accounts:login")).content.decode()
    assert _description(html).startswith(SITE_DEFAULT)


def test_favicon_is_linked_and_served(client, site_pages):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert icon == settings.STATIC_URL + "favicon.ico"
    assert finders.find("favicon.ico")
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == icon
    assert Path(finders.find("favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_footer_does_not_send_citizens_to_the_json_health_check(client, site_pages):
    html = client.get("/").content.decode()
    assert "/healthz" not in html and "Tình trạng hệ thống" not in html
    # The endpoint stays for the load balancer and monitoring.
    assert client.get("/healthz").json()["status"] == "ok"


def test_every_aria_describedby_points_at_an_element(client, site_pages):
    for url in (reverse("accounts:activate"), reverse("accounts:login")):
        html = client.get(url).content.decode()
        refs = {
            ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()
        }
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        assert refs <= ids, (url, refs - ids)
    html = client.get(reverse("accounts:activate")).content.decode()
    assert 'id="id_code_helptext"' in html
    # With errors, the error list carries the other id the widget names.
    html = client.post(reverse("accounts:activate"), {"code": ""}).content.decode()
    refs = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()}
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert any(ref.endswith("_error") for ref in refs)
    assert refs <= ids, refs - ids


def test_search_button_keeps_its_label_on_one_line():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    rule = re.search(r'form\[role="search"\] \.button \{([^}]*)\}', css)
    assert rule and "white-space: nowrap" in rule.group(1) and "flex: none" in rule.group(1)


@pytest.mark.parametrize("query", ['"', "\x00", 'dịch "vụ', "a\x00b", '" OR', "(*)"])
def test_search_syntax_in_the_query_is_not_an_error(client, site_pages, query):
    course_page(course_index(site_pages), title="Cổng Dịch vụ công")
    response = client.get(reverse("courses:search"), {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_search_still_finds_words_next_to_punctuation(client, site_pages):
    course_page(course_index(site_pages), title="Cổng Dịch vụ công")
    html = client.get(reverse("courses:search"), {"q": '"dịch vụ công"'}).content.decode()
    assert "Cổng Dịch vụ công" in html


def test_prerequisites_are_filterable_checkboxes_not_a_ctrl_click_list(client, site_pages):
    index = course_index(site_pages)
    course = course_page(index)
    course_page(index, title="An toàn thông tin cơ bản")
    client.force_login(AdminFactory())
    html = client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,))).content.decode()
    assert "data-filterable-checkboxes" in html
    assert re.search(r'<input type="checkbox" name="prerequisites"', html)
    assert not re.search(r'<select[^>]*name="prerequisites"[^>]*multiple', html)
    assert "js/filterable-checkboxes.js" in html
