"""Zalo messages through Zalo's REST APIs, called directly (no client library). Two backends:

* ``ZaloZnsChannel`` (Zalo Notification Service, the one to use for members): a template message
  approved for the OA, sent **to a phone number** — members are imported with a phone, and ZNS
  needs nothing else from them. ``POST LMS_ZALO_ZNS_URL`` (default
  ``https://business.openapi.zalo.me/message/template``) with ``{"phone": "84…", "template_id":
  …, "template_data": {…}, "tracking_id": <dedupe key>}``; the answer's ``data.msg_id`` is kept.
* ``ZaloOAChannel``: a consultation message to a person who follows the OA, by their OA user id
  (``ReminderPreference.zalo_user_id``).

``POST LMS_ZALO_OA_URL`` (default ``https://openapi.zalo.me/v3.0/oa/message/cs``) with the
header ``access_token: <LMS_ZALO_OA_TOKEN>`` and ``{"recipient": {"user_id": ...},
"message": {"text": ...}}``. Zalo answers HTTP 200 with ``{"error": 0, "data": {"message_id":
...}}`` on success and a non-zero ``error`` otherwise, so the body decides, not the status.
"""

import phonenumbers
from django.conf import settings

from .base import Channel, ChannelError, Outgoing, PermanentChannelError
from .http import post_json


class ZaloOAChannel(Channel):
    def send(self, message: Outgoing) -> str:
        answer = post_json(
            settings.LMS_ZALO_OA_URL,
            {"recipient": {"user_id": message.address}, "message": {"text": message.body}},
            {"access_token": settings.LMS_ZALO_OA_TOKEN},
        )
        if answer.get("error", 0) != 0:
            raise ChannelError(f"Zalo {answer.get('error')}: {answer.get('message', '')}"[:200])
        return str((answer.get("data") or {}).get("message_id") or "")


def zns_phone(address: str) -> str:
    """A Vietnamese number as ZNS wants it: country code, no "+" (0912 345 678 -> 84912345678)."""
    try:
        number = phonenumbers.parse(address, "VN")
    except phonenumbers.NumberParseException as error:
        raise PermanentChannelError(f"not a phone number: {address!r}") from error
    return f"{number.country_code}{number.national_number}"


class ZaloZnsChannel(Channel):
    address_kind = "phone"

    def send(self, message: Outgoing) -> str:
        field = settings.LMS_ZALO_ZNS_TEMPLATE_FIELD
        answer = post_json(
            settings.LMS_ZALO_ZNS_URL,
            {
                "phone": zns_phone(message.address),
                "template_id": settings.LMS_ZALO_ZNS_TEMPLATE_ID,
                "template_data": {field: message.body},
                "tracking_id": message.key[:48],
            },
            {"access_token": settings.LMS_ZALO_OA_TOKEN},
        )
        if answer.get("error", 0) != 0:
            raise ChannelError(f"Zalo ZNS {answer.get('error')}: {answer.get('message', '')}"[:200])
        return str((answer.get("data") or {}).get("msg_id") or "")
