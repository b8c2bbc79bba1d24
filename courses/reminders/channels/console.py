"""Development backend for any channel: writes the message to the log instead of sending it."""

import logging
import uuid

from .base import Channel, Outgoing

logger = logging.getLogger("lms.reminders")


class ConsoleChannel(Channel):
    def send(self, message: Outgoing) -> str:
        logger.warning(
            "[%s] to %s: %s%s",
            self.name,
            message.address,
            f"{message.subject} | " if message.subject else "",
            message.body,
        )
        return f"console-{uuid.uuid4().hex[:12]}"
