"""Template filters that show a member's personal data only to those allowed to see it.

``{% load privacy %}{{ member|cccd_for:request.user }}`` prints the CCCD to the person themself
and to officers whose scope covers the member (``personal_data_visible``), and a masked value
to everyone else. Use them wherever a member's CCCD, date of birth or phone is displayed.
"""

from django import template
from django.utils.formats import date_format

from lms.accounts.scoping import personal_data_visible
from lms.core.text import mask_digits

register = template.Library()

MASKED_DATE = "**/**/****"


def _visible(member, user):
    # Three filters on one row ask the same question; remember the answer per user.
    if member is None:
        return False
    cache = member.__dict__.setdefault("_lms_visible_to", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        cache[key] = personal_data_visible(user, member)
    return cache[key]


@register.filter
def can_see_personal_data(member, user):
    """``{% if member|can_see_personal_data:request.user %}`` for whole blocks."""
    return _visible(member, user)


@register.filter
def cccd_for(member, user):
    if member is None or not member.cccd:
        return ""
    return member.cccd if _visible(member, user) else mask_digits(member.cccd)


@register.filter
def date_of_birth_for(member, user):
    if member is None or not member.date_of_birth:
        return ""
    if _visible(member, user):
        return date_format(member.date_of_birth, "SHORT_DATE_FORMAT")
    return MASKED_DATE


@register.filter
def phone_for(member, user):
    """The phone is also shown when the member agreed to be listed publicly."""
    if member is None or not member.phone:
        return ""
    if member.public_consent or _visible(member, user):
        return member.phone
    return mask_digits(member.phone)
