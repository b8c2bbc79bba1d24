from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    """The account page's channel switches; an unticked box turns the channel off."""

    email_enabled = forms.BooleanField(label=_("Nhận nhắc lịch qua email"), required=False)
    sms_enabled = forms.BooleanField(label=_("Nhận nhắc lịch qua tin nhắn SMS"), required=False)
    zalo_enabled = forms.BooleanField(label=_("Nhận nhắc lịch qua Zalo"), required=False)
