"""Public verification and the learner's own certificates. Thin: selectors and services do
the work; these pick the response format and check who is asking."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from lms.accounts.scoping import scope_for
from lms.core import ratelimit
from teams.selectors import member_for_user

from . import selectors
from .choices import CertificateStatus
from .credentials.views import credential_response, offline_check_context
from .forms import VerifyForm
from .pdf import verify_url_for
from .selectors import (
    certificate_by_code,
    certificate_lookup,
    certificate_public_facts,
    certificates_of_member,
)
from .services import certificate_pdf_read

# Lookups by number can be enumerated (numbers are sequential), so form lookups are rate
# limited per client address, the real one behind the configured proxies, on the shared cache
# (lms.core.ratelimit); the QR code's /tra-cuu/<code>/ URL is not limited: codes are 128-bit
# random.
LOOKUP_LIMIT = getattr(settings, "CERTIFICATES_LOOKUP_LIMIT", 30)
LOOKUP_WINDOW_SECONDS = 600


def _wants_json(request):
    if request.GET.get("format") == "json":
        return True
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


def _wants_credential(request):
    preferred = request.get_preferred_type(["text/html", "application/json", "application/ld+json"])
    return preferred == "application/ld+json"


def _signature_info(certificate):
    """Who signed the certificate's PDF and when (the PAdES signing work), if it is there."""
    reader = getattr(selectors, "signature_info", None)
    return reader(certificate) if reader is not None else None


def _throttled(request):
    limit = ratelimit.Limit(
        "cert-lookup",
        getattr(settings, "CERTIFICATES_LOOKUP_LIMIT", LOOKUP_LIMIT),
        LOOKUP_WINDOW_SECONDS,
    )
    return ratelimit.hit_and_check(limit, ratelimit.ident_for(request))


def _not_found(request, query=""):
    if _wants_json(request):
        return JsonResponse(
            {"found": False, "detail": _("Không tìm thấy giấy chứng nhận.")}, status=404
        )
    return render(
        request,
        "certificates/verify_not_found.html",
        {"form": VerifyForm(initial={"q": query}), "query": query},
        status=404,
    )


@require_GET
@vary_on_headers("Accept")
def verify(request):
    """The form (number or code). A match goes to the certificate's page; anything else gets
    the same "not found", whichever issuing body the number might belong to."""
    form = VerifyForm(request.GET if "q" in request.GET else None)
    if not form.is_bound:
        return render(request, "certificates/verify.html", {"form": form})
    if not form.is_valid():
        return render(request, "certificates/verify.html", {"form": form}, status=400)
    if _throttled(request):
        response = render(request, "certificates/verify_throttled.html", status=429)
        response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)
        return response
    query = form.cleaned_data["q"]
    certificate = certificate_lookup(query)
    if certificate is None:
        return _not_found(request, query)
    target = certificate.get_absolute_url()
    if _wants_json(request):
        target += "?format=json"
    return redirect(target)


@require_GET
@vary_on_headers("Accept")
def verify_code(request, code):
    # Not a code (longer than the column, or a NUL byte that PostgreSQL refuses): not found.
    certificate = None if "\x00" in code or len(code) > 32 else certificate_by_code(code)
    if certificate is None:
        return _not_found(request)
    if _wants_credential(request):
        # The same address answers as an Open Badges 3.0 credential (issue 20).
        return credential_response(request, certificate)
    facts = certificate_public_facts(
        certificate, verify_url=verify_url_for(certificate.get_absolute_url(), request=request)
    )
    if _wants_json(request):
        response = JsonResponse({"found": True, **facts}, json_dumps_params={"ensure_ascii": False})
    else:
        context = {
            "facts": facts,
            "form": VerifyForm(),
            "signature": _signature_info(certificate),
            **offline_check_context(expected_number=certificate.number),
        }
        response = render(request, "certificates/verify_result.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def mine(request):
    """ "Chứng nhận của tôi": the signed-in member's certificates, nobody else's."""

    member = member_for_user(request.user)
    certificates = list(certificates_of_member(member))
    return render(
        request,
        "certificates/mine.html",
        {"member": member, "certificates": certificates, "VALID": CertificateStatus.VALID},
    )


def _may_download(user, certificate):
    """The holder (a valid certificate), or staff with the permission and the scope."""
    if certificate.holder_anonymised:
        return False
    if certificate.holder.user_id == user.pk:
        return certificate.status == CertificateStatus.VALID
    return user.has_perm("certificates.view_certificate") and scope_for(user).covers(certificate)


@login_required
def download(request, code):
    certificate = certificate_by_code(code)
    if certificate is None or not _may_download(request.user, certificate):
        raise Http404
    data = certificate_pdf_read(certificate=certificate, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"giay-chung-nhan-{certificate.number.replace('/', '-')}.pdf"
    disposition = "inline" if request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
