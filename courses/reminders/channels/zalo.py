"""Zalo Official Account messages through its REST API, called directly (no client library).

``POST LMS_ZALO_OA_URL`` (default ``https://openapi.zalo.me/v3.0/oa/message/cs``) with the
header ``access_token: <LMS_ZALO_OA_TOKEN>`` and ``{"recipient": {"user_id": ...},
"message": {"text": ...}}``. Zalo answers HTTP 200 with ``{"error": 0, "data": {"message_id":
...}}`` on success and a non-zero ``error`` otherwise, so the body decides, not the status.
"""

from django.conf import settings

from .base import Channel, ChannelError, Outgoing
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
