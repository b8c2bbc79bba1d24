"""Certificate verification, answering exactly what the public verify page answers (its JSON
form): the same lookup, the same public facts, the holder's name masked."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from certificates.forms import VerifyForm
from certificates.pdf import verify_url_for
from certificates.selectors import certificate_lookup, certificate_public_facts

from ..params import reject_unknown
from ..problems import ApiProblem, parameter_error
from ..schemas import CertificateOut, Problem

router = Router(tags=["Chứng nhận"])


class VerifyParams(Schema):
    q: str = Field(
        description="Số giấy chứng nhận hoặc mã xác thực in dưới mã QR.",
        examples=["0001/2026/GCN-SKHCN"],
    )


@router.get(
    "/verify",
    response={200: CertificateOut, 400: Problem, 401: Problem, 404: Problem, 429: Problem},
    summary="Tra cứu giấy chứng nhận",
    description="Như trang tra cứu công khai: không có số điện thoại, CCCD hay ngày sinh.",
    operation_id="certificate_verify",
)
def verify(request, params: Query[VerifyParams]):
    reject_unknown(request, ("q",))
    form = VerifyForm({"q": params.q})
    if not form.is_valid():
        message = " ".join(str(m) for m in form.errors.get("q", []))
        detail = _("Tham số “q”: %(message)s") % {"message": message}
        raise ApiProblem(400, detail, errors=[parameter_error("q", detail)])
    certificate = certificate_lookup(form.cleaned_data["q"])
    if certificate is None:
        raise ApiProblem(404, _("Không tìm thấy giấy chứng nhận."))
    facts = certificate_public_facts(
        certificate, verify_url=verify_url_for(certificate.get_absolute_url(), request=request)
    )
    request.api_row_count = 1
    return {"found": True, **facts}
