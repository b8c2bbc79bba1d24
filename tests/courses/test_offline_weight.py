"""Low data (issue 19, item 7): a lesson page with its assets (HTML, CSS, JS, fonts, images) stays
under 150 KB, and under 40 KB with "Tiết kiệm dữ liệu" on (images, video posters and the web
font are not downloaded until asked for).

Bytes are counted as a phone receives them: the HTML as the view answers it (uncompressed, the
conservative case), static files as WhiteNoise sends them in production (gzip; fonts and images
are already compressed and count in full), every image at the 720 px rendition a 2x phone picks
at 360 px. Run with ``-s`` to print the figures."""

import gzip
import io
import random
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.templatetags.static import static
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from courses import services
from tests.factories.courses import lesson_page, single_choice, true_false

pytestmark = pytest.mark.django_db
BUDGET = 150 * 1024
SAVER_BUDGET = 40 * 1024
COMPRESSED = (".css", ".js", ".svg")


def _screenshot(name, seed):
    """A phone screenshot-like picture: a header bar, blocks of 'text', a photo-ish area."""
    rng = random.Random(seed)
    im = PILImage.new("RGB", (1080, 1920), (246, 247, 249))
    draw = ImageDraw.Draw(im)
    draw.rectangle([0, 0, 1080, 160], fill=(163, 22, 27))
    for row in range(30):
        y = 220 + row * 48
        draw.rectangle([60, y, 60 + rng.randint(300, 960), y + 24], fill=(60, 60, 70))
    for _ in range(400):
        x, y = rng.randint(0, 1000), rng.randint(1700, 1900)
        draw.ellipse([x, y, x + 30, y + 20], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return Image.objects.create(title=name, file=ImageFile(buffer, name=f"{name}.png"))


def _static_bytes(path):
    data = Path(path).read_bytes()
    return len(gzip.compress(data, 9)) if path.endswith(COMPRESSED) else len(data)


def _static(url, seen, saver):
    prefix = static("")
    if not url.startswith(prefix) or url in seen:
        return 0
    if saver and url.endswith((".woff2", ".woff", ".ttf")):
        return 0  # the phone's own font (base.html): the @font-face is never used
    seen.add(url)
    path = finders.find(url[len(prefix) :].split("?")[0])
    if not path:
        return 0
    size = _static_bytes(path)
    if path.endswith(".css"):
        base = url.rsplit("/", 1)[0]
        for ref in re.findall(r"url\([\"']?([^\"')]+)", Path(path).read_text(encoding="utf-8")):
            if ref.startswith("data:"):
                continue
            parts, resolved = [*base.split("/"), *ref.split("/")], []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part not in (".", ""):
                    resolved.append(part)
            size += _static("/" + "/".join(resolved), seen, saver)
    return size


def _without_templates(html):
    # <template> content is inert: nothing in it is downloaded until "Xem ảnh" is tapped.
    return re.sub(r"<template>.*?</template>", "", html, flags=re.S)


def _image_bytes(html):
    total = 0
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        candidates = [part.strip().split() for part in srcset.split(",")]
        url = max(candidates, key=lambda c: int(c[1].rstrip("w")))[0]
        total += default_storage.size(url.removeprefix(settings.MEDIA_URL))
    return total


def _weigh(client, url, saver):
    if saver:
        client.cookies["tiet_kiem_du_lieu"] = "1"
    else:
        client.cookies.pop("tiet_kiem_du_lieu", None)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    visible = _without_templates(html)
    seen = set()
    assets = sum(
        _static(u, seen, saver)
        for u in re.findall(r'(?:href|src)="([^"]+\.(?:css|js|woff2))"', visible)
    )
    if not saver:
        assets += sum(
            _static(u, seen, saver) for u in re.findall(r'href="([^"]+\.woff2)"', visible)
        )
    return {
        "html": len(response.content),
        "assets": assets,
        "images": _image_bytes(visible),
        "html_text": html,
    }


@pytest.fixture
def media_lesson(course):
    shot, photo = _screenshot("buoc-1", 1), _screenshot("anh-minh-hoa", 2)
    body = [
        {"type": "heading", "value": "Các bước"},
        {
            "type": "paragraph",
            "value": "<p>" + "Nội dung bài học tiếng Việt có dấu. " * 80 + "</p>",
        },
        {"type": "image", "value": {"image": photo.pk, "caption": "Màn hình đăng nhập"}},
        {
            "type": "steps",
            "value": {
                "title": "",
                "steps": [
                    {"text": f"<p>Bước {i}</p>", "screenshot": shot.pk if i == 0 else None}
                    for i in range(6)
                ],
            },
        },
        single_choice(),
        true_false(),
    ]
    return lesson_page(course, body=body)


def test_lesson_weight_with_and_without_data_saver(client, course, learner, media_lesson):
    services.enrolment_create(member=learner, course=course)
    client.force_login(learner.user)
    normal = _weigh(client, media_lesson.url, saver=False)
    saver = _weigh(client, media_lesson.url, saver=True)
    total = normal["html"] + normal["assets"] + normal["images"]
    light = saver["html"] + saver["assets"] + saver["images"]
    figures = {k: v for k, v in normal.items() if k != "html_text"}
    print(f"\nlesson page: {total} B {figures}; with the switch on: {light} B")  # noqa: T201
    assert normal["images"] > 0  # the images do count when shown
    assert saver["images"] == 0
    assert (
        "data-saver-show" in saver["html_text"] and 'id="data-saver" checked' in saver["html_text"]
    )
    assert "BeVietnamPro-Regular.woff2" not in saver["html_text"].split("</head>")[0]
    assert total < BUDGET, f"{total} bytes"
    assert light < SAVER_BUDGET, f"{light} bytes"
