"""The one JSON-over-HTTPS call the SMS and Zalo backends make (standard library only)."""

import json
import urllib.error
import urllib.request

from .base import ChannelError, PermanentChannelError

TIMEOUT_SECONDS = 10


def post_json(url: str, payload: dict, headers: dict) -> dict:
    """POST ``payload``; the decoded JSON answer, or a ``ChannelError`` saying what went wrong.
    A 4xx other than 408/429 is permanent (the request itself is wrong); the rest is retried."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        text = error.read()[:200].decode(errors="replace")
        if 400 <= error.code < 500 and error.code not in (408, 429):
            raise PermanentChannelError(f"HTTP {error.code}: {text}") from error
        raise ChannelError(f"HTTP {error.code}: {text}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelError(f"network: {error}") from error
    try:
        return json.loads(body or b"{}")
    except ValueError as error:
        raise ChannelError("answer is not JSON") from error
