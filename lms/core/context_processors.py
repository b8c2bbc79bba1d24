from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, who sees it). Apps register their public entry points here by URL name;
# a name that does not resolve (an app not installed) is simply left out.
NAV_LINKS = [
    ("courses:catalogue", _("Khóa học"), "all"),
    ("courses:my_courses", _("Khóa học của tôi"), "auth"),
    ("attendance:my_sessions", _("Lịch tập huấn"), "auth"),
    ("certificates:mine", _("Chứng nhận của tôi"), "auth"),
    ("accounts:profile", _("Tài khoản của tôi"), "auth"),
    ("teams:find_team", _("Tìm tổ công nghệ số"), "all"),
    ("certificates:verify", _("Tra cứu chứng nhận"), "all"),
    ("pages:news", _("Tin tức"), "all"),
]


def navigation(request):
    authenticated = request.user.is_authenticated if hasattr(request, "user") else False
    links = []
    for name, label, audience in NAV_LINKS:
        if audience == "auth" and not authenticated:
            continue
        try:
            links.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return {"nav_links": links}
