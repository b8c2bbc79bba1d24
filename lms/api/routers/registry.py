"""Administrative units, hamlets and teams the token owner may see: codes, names and counts,
never a person. Paginated, in a stable order (codes, then ids)."""

from typing import Literal

from django.http import Http404
from ninja import Query, Router
from pydantic import Field

from teams.choices import TeamLevel, TeamStatus
from teams.models import Province, Ward

from ..params import PAGE_PARAMETERS, PageParams, paginate, reject_unknown
from ..schemas import HamletPage, Problem, ProvincePage, TeamPage, WardPage
from ..selectors import hamlets_for, provinces_for, teams_for, unit_in_scope, wards_for

router = Router(tags=["Đơn vị, tổ"])

ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem}


class UnitParams(PageParams):
    province: str | None = Field(None, description="Mã tỉnh, thành phố.", examples=["92"])
    ward: str | None = Field(None, description="Mã xã, phường.", examples=["31333"])


class TeamParams(UnitParams):
    status: Literal[tuple(TeamStatus.values)] | None = Field(None, description="Trạng thái tổ.")
    level: Literal[tuple(TeamLevel.values)] | None = Field(None, description="Cấp tổ.")


def _units(request, params):
    """The province and ward named, each checked against the scope (404 when outside)."""
    province = ward = None
    if params.province is not None:
        province = unit_in_scope(request.user, Province, params.province)
        if province is None:
            raise Http404
    if params.ward is not None:
        ward = unit_in_scope(request.user, Ward, params.ward)
        if ward is None or (province is not None and ward.province_id != province.pk):
            raise Http404
    return province, ward


@router.get(
    "/provinces",
    response={200: ProvincePage, **ERRORS},
    summary="Tỉnh, thành phố",
    operation_id="provinces",
)
def provinces(request, params: Query[PageParams]):
    reject_unknown(request, PAGE_PARAMETERS)
    rows, info = paginate(request, provinces_for(request.user), params.page, params.page_size)
    results = [{"code": p.code, "name": p.name, "short_name": p.short_name} for p in rows]
    return {**info, "results": results}


@router.get(
    "/wards",
    response={200: WardPage, **ERRORS},
    summary="Xã, phường, đặc khu",
    operation_id="wards",
)
def wards(request, params: Query[UnitParams]):
    reject_unknown(request, ("province", *PAGE_PARAMETERS))
    province, _ward = _units(request, params)
    qs = wards_for(request.user, province=province)
    rows, info = paginate(request, qs, params.page, params.page_size)
    results = [
        {"code": w.code, "name": w.name, "ward_type": w.ward_type, "province": w.province.code}
        for w in rows
    ]
    return {**info, "results": results}


@router.get(
    "/hamlets",
    response={200: HamletPage, **ERRORS},
    summary="Thôn, tổ dân phố",
    operation_id="hamlets",
)
def hamlets(request, params: Query[UnitParams]):
    reject_unknown(request, ("province", "ward", *PAGE_PARAMETERS))
    province, ward = _units(request, params)
    qs = hamlets_for(request.user, province=province, ward=ward)
    rows, info = paginate(request, qs, params.page, params.page_size)
    results = [
        {
            "id": h.pk,
            "name": h.name,
            "kind": h.kind,
            "code": h.code,
            "is_active": h.is_active,
            "ward": h.ward.code,
        }
        for h in rows
    ]
    return {**info, "results": results}


@router.get(
    "/teams",
    response={200: TeamPage, **ERRORS},
    summary="Tổ công nghệ số cộng đồng",
    description="Các tổ và số thành viên đang hoạt động; không có tên hay số điện thoại.",
    operation_id="teams",
)
def teams(request, params: Query[TeamParams]):
    reject_unknown(request, ("province", "ward", "status", "level", *PAGE_PARAMETERS))
    province, ward = _units(request, params)
    chosen = {"province": province, "ward": ward, "status": params.status, "level": params.level}
    rows, info = paginate(
        request,
        teams_for(request.user, **chosen),
        params.page,
        params.page_size,
        counted=teams_for(request.user, counts=False, **chosen),
    )
    results = [
        {
            "id": t.pk,
            "name": t.name,
            "level": t.level,
            "status": t.status,
            "ward": t.ward.code,
            "hamlet_id": t.hamlet_id,
            "founded_on": t.founded_on,
            "dissolved_on": t.dissolved_on,
            "members": t.n_members,
        }
        for t in rows
    ]
    return {**info, "results": results}
