"""Writes of announcements. Drafts, revisions, submission and publication are Wagtail's (the
snippet views and the moderation task); what this adds is the area rule every save obeys."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.accounts.choices import Role
from lms.accounts.scoping import scope_for

from ..models import Announcement


def announcement_area_check(*, announcement: Announcement, by) -> None:
    """Refuse an announcement ``by`` may not post: its ward outside its province, or its area
    outside the officer's own (a ward officer posts for their ward only, a province officer for
    their province or any ward of it). Raises ``ValidationError`` naming the field."""
    announcement.clean()
    if scope_for(by).covers(announcement):
        return
    if getattr(by, "role", None) == Role.WARD_OFFICER:
        raise ValidationError(
            {"ward": _("Cán bộ cấp xã chỉ đăng thông báo cho xã, phường của mình.")}
        )
    raise ValidationError(
        {"province": _("Bạn chỉ đăng được thông báo cho địa bàn mình phụ trách.")}
    )
