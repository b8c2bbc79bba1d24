"""Public endpoints of the credentials: the credential (JSON-LD and JWT-VC), the issuer's
keys (JWKS), the revocation status lists, the issuer, achievement and skills documents they
point to, and the offline checking page with its service worker.

Everything here is public and cacheable; none of it carries personal data (see
``credential``). Cross-origin reads are allowed (``Access-Control-Allow-Origin: *``): the
point is that other platforms and wallets can verify without asking the office.
"""

import hashlib
import json

from django.db.models import Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.models import CoursePage

from ..models import Certificate
from ..selectors import certificate_by_code
from . import credential as vc
from .keys import jwks as jwks_document
from .signing import sign_compact
from .status import PURPOSE, status_list_get, status_list_url, status_position

LD_JSON = "application/ld+json"
VC_JWT = "application/vc+jwt"
STATUS_LIST_MAX_AGE = 300  # seconds: verifiers see a revocation within five minutes
KEYS_MAX_AGE = 3600


def _public(response, *, max_age, request=None, etag=True):
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, max_age=max_age)
    if not etag:
        return response
    tag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = tag
    if request is not None:
        return get_conditional_response(request, etag=tag, response=response)
    return response


def _json(data, *, content_type="application/json"):
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type=f"{content_type}; charset=utf-8",
    )


def _certificate(code):
    certificate = None if "\x00" in code or len(code) > 32 else certificate_by_code(code)
    if certificate is None:
        raise Http404
    return certificate


def credential_response(request, certificate):
    """The credential as JSON-LD (also what the verify URL answers to ``application/ld+json``)."""
    data = vc.open_badge_credential(certificate, request=request)
    return _public(_json(data, content_type=LD_JSON), max_age=300, request=request)


@require_GET
def credential_json(request, code):
    return credential_response(request, _certificate(code))


@require_GET
def credential_jwt(request, code):
    token = vc.credential_jwt(_certificate(code), request=request)
    response = HttpResponse(token, content_type=VC_JWT)
    return _public(response, max_age=300, request=request)


@require_GET
def jwks(request):
    return _public(JsonResponse(jwks_document()), max_age=KEYS_MAX_AGE, request=request)


def _status_list_credential(status_list, request):
    url = status_list_url(status_list.number, request)
    return {
        "@context": [vc.VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {
            "id": vc.absolute("/", request),
            "type": ["Profile"],
            "name": "Tổ công nghệ số cộng đồng",
        },
        "validFrom": vc.iso(status_list.updated_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": status_list.encoded_list,
            "ttl": STATUS_LIST_MAX_AGE * 1000,
        },
    }


def _wants_jwt(request):
    if request.GET.get("format") == "jwt":
        return True
    return request.get_preferred_type([LD_JSON, "application/json", VC_JWT]) == VC_JWT


@require_GET
def status_list(request, number):
    # Only lists that can hold a certificate exist: an arbitrary number must not create rows.
    last_pk = Certificate.objects.aggregate(last=Max("pk"))["last"] or 0
    if number < 1 or number > status_position(last_pk)[0]:
        raise Http404
    data = _status_list_credential(status_list_get(number=number), request)
    if _wants_jwt(request):
        claims = {**data, "iss": data["issuer"]["id"], "jti": data["id"]}
        response = HttpResponse(sign_compact(claims, typ="vc+jwt"), content_type=VC_JWT)
    else:
        response = _json(data, content_type=LD_JSON)
    response["Vary"] = "Accept"
    return _public(response, max_age=STATUS_LIST_MAX_AGE, request=request)


@require_GET
def issuer(request, key):
    certificate = Certificate.objects.filter(issuing_body_key=key).order_by("-pk").first()
    if certificate is None:
        raise Http404
    return _public(_json(vc.issuer_profile(certificate, request)), max_age=3600, request=request)


@require_GET
def achievement(request, pk):
    if pk > 2**31 - 1:  # beyond any primary key: PostgreSQL would refuse the query
        raise Http404
    course = get_object_or_404(CoursePage, pk=pk)
    data = vc.course_achievement(
        course,
        title=course.title,
        hours=course.estimated_hours,
        code=course.code,
        request=request,
    )
    return _public(_json(data), max_age=3600, request=request)


@require_GET
def skills(request):
    return _public(_json(vc.skills_framework(request)), max_age=86400, request=request)


def offline_strings():
    """What ``static/js/verify-offline.js`` says, translated here (no catalogue to fetch)."""
    return {
        "genuine": _(
            "Chữ ký hợp lệ: giấy chứng nhận này do cơ quan cấp phát hành, nội dung dưới đây "
            "chưa bị sửa."
        ),
        "fake": _(
            "Chữ ký KHÔNG hợp lệ: mã QR đã bị sửa hoặc là giả. Không công nhận giấy chứng nhận này."
        ),
        "unknown_key": _(
            "Mã QR được ký bằng một khóa chưa lưu trên máy. Hãy mở trang này một lần khi có "
            "mạng để tải khóa công khai, rồi kiểm tra lại."
        ),
        "no_keys": _(
            "Máy chưa lưu khóa công khai của cơ quan cấp. Hãy mở trang này một lần khi có mạng."
        ),
        "unsupported": _(
            "Trình duyệt này chưa kiểm tra được chữ ký số Ed25519. Hãy cập nhật trình duyệt "
            "hoặc tra cứu trực tuyến."
        ),
        "malformed": _(
            "Không đọc được dữ liệu trong mã QR. Hãy quét lại, hoặc dán đúng địa chỉ đọc được."
        ),
        "mismatch": _("Dữ liệu trong mã QR thuộc giấy số %(number)s, không phải giấy đang xem."),
        "number": _("Số"),
        "holder": _("Người được cấp"),
        "course": _("Khóa học"),
        "issued": _("Ngày cấp"),
        "expires": _("Có giá trị đến"),
        "no_expiry": _("Không thời hạn"),
        "key": _("Khóa ký"),
        "keys_cached": _("Khóa công khai đã lưu trên máy: %(count)s khóa, cập nhật %(date)s."),
    }


def offline_check_context(*, expected_number=None):
    return {"offline_strings": offline_strings(), "expected_number": expected_number}


@require_GET
def offline_check(request):
    """ "Quét để kiểm tra": checks a QR code's signed payload in the browser, also offline."""
    return render(request, "certificates/credential_offline.html", offline_check_context())


@require_GET
def offline_worker(request):
    """A service worker for ``/chung-nhan/tra-cuu/`` only: it keeps the checking page, its
    script and the issuer's keys, and answers a scanned certificate's address with that page
    when there is no network (the signed payload is in the URL fragment)."""
    body = render(
        request,
        "certificates/credential_sw.js",
        {
            "assets": json.dumps(
                [
                    reverse("credentials:offline_check"),
                    static("js/verify-offline.js"),
                    static("js/vendor/noble-ed25519.js"),
                    static("css/site.css"),
                    static("css/certificates.css"),
                    reverse("credentials:jwks"),
                ]
            ),
        },
        content_type="text/javascript; charset=utf-8",
    )
    version = hashlib.sha256(body.content).hexdigest()[:12]
    body.content = body.content.replace(b"__VERSION__", version.encode())
    body["Cache-Control"] = "no-cache"
    return body
