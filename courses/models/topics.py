"""The taxonomies courses are filed under: topics (a snippet) and the five basic digital skills."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from lms.core.fields import NFCCharField, NFCTextField

from ..choices import DigitalSkillCode


class Topic(index.Indexed, models.Model):
    """A shared taxonomy of course topics, edited as a Wagtail snippet."""

    name = NFCCharField(_("tên chủ đề"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, allow_unicode=False)
    description = NFCTextField(_("mô tả"), blank=True)

    panels = ["name", "slug", "description"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self):
        return self.name


class DigitalSkill(models.Model):
    """One of the five basic digital skills. A tiny table rather than a comma list so that
    reports can count courses per skill with a join on SQLite and PostgreSQL alike; rows are
    created by a data migration and fixed."""

    code = models.CharField(_("mã"), max_length=30, unique=True, choices=DigitalSkillCode.choices)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("kỹ năng số cơ bản")
        verbose_name_plural = _("kỹ năng số cơ bản")

    def __str__(self):
        return self.get_code_display()
