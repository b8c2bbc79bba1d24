"""Public pages of the site: home, news (announcements of training campaigns) and static pages."""

from django.core.paginator import Paginator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock

# Apps above this one add to the news section through this hook: ``fn(request=, page=)``
# returns a dict merged into the news index's context (local announcements come this way).
NEWS_INDEX_CONTEXT_HOOK = "pages_news_index_context"


class HomePage(Page):
    hero_title = models.CharField(_("tiêu đề chính"), max_length=200)
    hero_text = models.TextField(_("lời giới thiệu"), blank=True)
    body = RichTextField(_("nội dung"), blank=True)

    content_panels = [*Page.content_panels, "hero_title", "hero_text", "body"]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        try:
            context["catalogue_url"] = reverse("courses:catalogue")
        except NoReverseMatch:
            context["catalogue_url"] = None
        context["latest_news"] = (
            NewsPage.objects.live().public().order_by("-date", "-first_published_at")[:3]
        )
        return context


class StandardPage(Page):
    intro = models.TextField(_("tóm tắt"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = [*Page.content_panels, "intro", "body"]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("trang thông tin")


class NewsIndexPage(Page):
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["pages.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("chuyên mục tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("-date", "-first_published_at")
        )
        context["news"] = Paginator(news, 10).get_page(request.GET.get("page"))
        for fn in hooks.get_hooks(NEWS_INDEX_CONTEXT_HOOK):
            context.update(fn(request=request, page=self))
        return context


class NewsPage(Page):
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    lead = models.TextField(
        _("sapo"), help_text=_("Một hai câu tóm tắt, hiện trong danh sách tin.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = [*Page.content_panels, "date", "lead", FieldPanel("image"), "body"]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
