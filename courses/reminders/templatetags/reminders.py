"""The account page's "Nhắc lịch" and "Lịch của tôi" panel, and the session's .ics link."""

from django import template
from django.urls import reverse

from .. import selectors
from ..channels import enabled_channels
from ..forms import PreferenceForm

register = template.Library()


@register.inclusion_tag("reminders/account_panel.html", takes_context=True)
def reminders_account_panel(context):
    request = context["request"]
    user = request.user
    preference = selectors.preference_of(user)
    initial = {
        "email_enabled": preference.email_enabled if preference else True,
        "sms_enabled": preference.sms_enabled if preference else True,
        "zalo_enabled": preference.zalo_enabled if preference else True,
    }
    form = PreferenceForm(initial=initial)
    channels = set(enabled_channels())
    fields = [form[f"{name}_enabled"] for name in ("email", "sms", "zalo") if name in channels]
    token = selectors.active_feed_token(user)
    feed_url = ""
    if token is not None:
        feed_url = request.build_absolute_uri(reverse("reminders:feed", args=[token.token]))
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "fields": fields,
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "token": token,
    }
