"""``ETag`` and ``Last-Modified`` on report answers, and 304 for a conditional request.

The ETag is a hash of the answer itself, so it changes exactly when a figure does. The
answer's last modification is the first time this site served that ETag, remembered in the
shared cache: an ``If-Modified-Since`` later than it gets 304 as long as the figures have not
changed since. Either header is answered like Django's ``condition`` decorator does.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

SEEN_SECONDS = 60 * 60 * 24 * 30


def conditional_json(request, payload):
    body = json.dumps(payload, ensure_ascii=False, cls=DjangoJSONEncoder)
    digest = hashlib.sha256(body.encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    seen = cache.get_or_set(f"api-etag:{digest}", int(timezone.now().timestamp()), SEEN_SECONDS)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(seen)
    # Cached by the caller only, and checked again each time (with the validators above).
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization"
    return (
        get_conditional_response(request, etag=etag, last_modified=seen, response=response)
        or response
    )
