"""SMS through an HTTP gateway: a generic JSON POST to ``LMS_SMS_GATEWAY_URL``.

Request: ``{"to": "0912345678", "text": "...", "reference": "<dedupe key>"}`` with
``Authorization: Bearer <LMS_SMS_GATEWAY_TOKEN>`` and ``Idempotency-Key: <dedupe key>``.
Answer: JSON with the gateway's id in ``id`` or ``message_id``. Most Vietnamese brandname
gateways take this shape or need a thin adapter in front.
"""

from django.conf import settings

from .base import Channel, ChannelError, Outgoing
from .http import post_json


class SmsGatewayChannel(Channel):
    def send(self, message: Outgoing) -> str:
        url = settings.LMS_SMS_GATEWAY_URL
        if not url:
            raise ChannelError("LMS_SMS_GATEWAY_URL is not set")
        answer = post_json(
            url,
            {"to": message.address, "text": message.body, "reference": message.key},
            {
                "Authorization": f"Bearer {settings.LMS_SMS_GATEWAY_TOKEN}",
                "Idempotency-Key": message.key,
            },
        )
        return str(answer.get("id") or answer.get("message_id") or "")
