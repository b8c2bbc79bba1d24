"""Delivery channels behind one interface (``base.Channel``): a backend per channel, chosen by
``settings.LMS_REMINDER_CHANNELS`` ({channel name: dotted path}); an empty path turns a channel
off. Each channel has a console backend for development."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Channel, ChannelError, PermanentChannelError

__all__ = ["Channel", "ChannelError", "PermanentChannelError", "channel_for", "enabled_channels"]


def enabled_channels() -> list[str]:
    return [name for name, path in settings.LMS_REMINDER_CHANNELS.items() if path]


@cache
def _backend(name: str, path: str) -> Channel:
    return import_string(path)(name=name)


def channel_for(name: str) -> Channel:
    """The configured backend for ``name`` (cached per configuration, so tests that change the
    setting get a fresh one)."""
    path = settings.LMS_REMINDER_CHANNELS.get(name)
    if not path:
        raise PermanentChannelError(f"channel {name!r} is not configured")
    return _backend(name, path)
