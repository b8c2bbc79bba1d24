from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from .models import NewsIndexPage


def news(request):
    """A stable URL for the news section, whatever slug editors give it."""
    index = NewsIndexPage.objects.live().first()
    if index is None:
        raise Http404
    return redirect(index.url)


@cache_control(max_age=86400, public=True)
def favicon(request):
    """``/favicon.ico``, which browsers and crawlers ask for whatever the page's ``<link
    rel="icon">`` says: sent on to the icon in static files (hashed in production)."""
    return HttpResponseRedirect(static("favicon.ico"))
