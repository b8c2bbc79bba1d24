"""What the API answers, as documented in its OpenAPI schema."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = Field(examples=["/api/v1/docs#problem-bad-request"])
    title: str = Field(examples=["Tham số không hợp lệ"])
    status: int = Field(examples=[400])
    detail: str = Field(examples=["Kỳ báo cáo (tham số “period”): không có trong danh sách chọn."])
    instance: str = Field(examples=["/api/v1/reports/coverage"])
    errors: list[dict[str, str]] | None = Field(
        None,
        description="Một mục cho mỗi tham số sai: {parameter, detail}.",
        examples=[[{"parameter": "period", "detail": "Kỳ báo cáo (tham số “period”): ..."}]],
    )


class PeriodOut(Schema):
    start: datetime.date
    end: datetime.date


class ReportOut(Schema):
    """The figures of one report, exactly those of the report screen with the same filters.
    Some reports add lists (``months``, ``courses``, ``topics``, ``sessions``...)."""

    model_config = ConfigDict(extra="allow")

    report: str = Field(examples=["coverage"])
    title: str = Field(examples=["Độ bao phủ"])
    level: str = Field(description="national, province hoặc ward", examples=["province"])
    unit: str = Field(examples=["Thành phố Cần Thơ"])
    period: PeriodOut
    rows: list[dict[str, Any]] = Field(description="Một dòng cho mỗi đơn vị cấp dưới.")
    totals: dict[str, Any] | None = None


class PageInfo(Schema):
    count: int
    page: int
    page_size: int
    pages: int


class ProvinceOut(Schema):
    code: str = Field(examples=["92"])
    name: str = Field(examples=["Thành phố Cần Thơ"])
    short_name: str


class WardOut(Schema):
    code: str = Field(examples=["31333"])
    name: str = Field(examples=["Phường Vị Tân"])
    ward_type: str
    province: str = Field(description="Mã tỉnh, thành phố.", examples=["92"])


class HamletOut(Schema):
    id: int
    name: str = Field(examples=["Khu vực 1"])
    kind: str
    code: str
    is_active: bool
    ward: str = Field(description="Mã xã, phường.", examples=["31333"])


class TeamOut(Schema):
    id: int
    name: str
    level: str
    status: str
    ward: str = Field(description="Mã xã, phường.")
    hamlet_id: int | None
    founded_on: datetime.date | None
    dissolved_on: datetime.date | None
    members: int = Field(description="Số thành viên đang hoạt động (không có dữ liệu cá nhân).")


class SessionOut(Schema):
    id: int
    title: str
    course_id: int | None
    starts_at: datetime.datetime
    organiser_province: str | None
    organiser_ward: str | None
    invited: int
    present: int
    late: int
    excused: int
    absent: int
    attended: int


class ProvincePage(PageInfo):
    results: list[ProvinceOut]


class WardPage(PageInfo):
    results: list[WardOut]


class HamletPage(PageInfo):
    results: list[HamletOut]


class TeamPage(PageInfo):
    results: list[TeamOut]


class SessionPage(PageInfo):
    results: list[SessionOut]


class CertificateOut(Schema):
    """Exactly what the public verification page answers (its JSON form); the holder's name
    masked, never a phone number, CCCD or date of birth."""

    found: bool
    number: str = Field(examples=["0001/2026/GCN-SKHCN"])
    code: str
    status: str = Field(examples=["valid"])
    status_label: str = Field(examples=["Còn hiệu lực"])
    holder: str | None = Field(examples=["Nguyễn T** H*** Nhung"])
    holder_label: str
    holder_anonymised: bool
    course: str
    course_code: str
    hours: float | None
    issuing_body: str
    issuing_body_upper: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    revoked_on: datetime.date | None
    revoked_reason: str | None
    replaced_by: str | None
    replaced_by_url: str | None
    verify_url: str
