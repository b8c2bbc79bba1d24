"""``{% support_entry_url as url %}``: the one-tap link to the support entry, for a signed-in
member of an active team (empty otherwise). Answered once per request: the header and the
menu both ask."""

from django import template
from django.urls import reverse

from ..selectors import teams_of_member_user

register = template.Library()


@register.simple_tag(takes_context=True)
def support_entry_url(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if not hasattr(request, "_support_entry_url"):
        member_of_team = teams_of_member_user(user).exists()
        request._support_entry_url = reverse("support:entry") if member_of_team else ""
    return request._support_entry_url
