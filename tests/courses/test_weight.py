"""A lesson without media stays under 150 KB in total (HTML, CSS, JS, fonts)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from courses import services
from tests.factories.courses import lesson_page, single_choice, true_false

BUDGET = 150 * 1024


def _static_size(url, seen):
    """Size of a static file and, for CSS, of the files its url(...) references."""
    prefix = static("")
    if not url.startswith(prefix) or url in seen:
        return 0
    seen.add(url)
    path = finders.find(url[len(prefix) :].split("?")[0])
    if not path:
        return 0
    size = Path(path).stat().st_size
    if path.endswith(".css"):
        css = Path(path).read_text(encoding="utf-8")
        base = url.rsplit("/", 1)[0]
        for ref in re.findall(r"url\([\"']?([^\"')]+)", css):
            if ref.startswith("data:"):
                continue
            parts = [*base.split("/"), *ref.split("/")]
            resolved = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part not in (".", ""):
                    resolved.append(part)
            size += _static_size("/" + "/".join(resolved), seen)
    return size


def test_lesson_page_weight(client, course, learner):
    body = [
        {"type": "heading", "value": "Các bước"},
        {
            "type": "paragraph",
            "value": "<p>" + "Nội dung bài học tiếng Việt có dấu. " * 80 + "</p>",
        },
        {"type": "callout", "value": {"style": "tip", "text": "<p>Mẹo nhỏ.</p>"}},
        {
            "type": "steps",
            "value": {
                "title": "",
                "steps": [{"text": f"<p>Bước {i}</p>", "screenshot": None} for i in range(6)],
            },
        },
        single_choice(),
        true_false(),
    ]
    lesson = lesson_page(course, body=body)
    services.enrolment_create(member=learner, course=course)
    client.force_login(learner.user)
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    # Works without JavaScript: the only scripts are the offline/PWA helpers, external files
    # under /static/ loaded with `defer` (no inline script, nothing the page needs to render).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the offline helpers are loaded"
    for tag in scripts:
        assert re.search(r'src="/static/[^"]+\.js"', tag) and "defer" in tag, tag
    seen = set()
    assets = sum(
        _static_size(url, seen)
        for url in re.findall(r'(?:href|src)="([^"]+\.(?:css|js|woff2))"', html)
    )
    assert assets > 0
    total = len(response.content) + assets
    assert total < BUDGET, f"{total} bytes"
