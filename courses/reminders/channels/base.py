"""The channel interface: send one message, return the provider's message id or raise."""

from dataclasses import dataclass


class ChannelError(Exception):
    """A send that may succeed later (gateway down, 5xx, timeout): retried with backoff."""


class PermanentChannelError(ChannelError):
    """A send that will never succeed as it is (refused address, 4xx): failed at once."""


@dataclass(frozen=True)
class Outgoing:
    address: str
    subject: str
    body: str
    # Sent to gateways as an idempotency key: a retry after a lost answer is one message.
    key: str


class Channel:
    # What the channel delivers to: "default" (the channel's own address: an e-mail, a phone
    # for SMS, a Zalo OA follower id) or "phone" (Zalo ZNS reaches a phone number).
    address_kind = "default"

    def __init__(self, *, name: str):
        self.name = name

    def send(self, message: Outgoing) -> str:
        """Deliver ``message``; return the provider's id for it (may be ""), raise
        ``ChannelError`` for a failure worth retrying, ``PermanentChannelError`` otherwise."""
        raise NotImplementedError
