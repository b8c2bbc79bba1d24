"""Demo monthly reports and area indicators for Phường Vị Tân (31333), through the services.

Runs after the demo logins and the demo support records: the month two months ago is submitted
by the ward officer (0912000004) and approved by the province officer (0912000003), so it is
locked; last month is left waiting for the ward's submission. The ward and its hamlets get this
year's adults and households, so the report's per-1,000-adults rates have a denominator.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from teams.models import Hamlet, Ward

from .choices import IndicatorKind, IndicatorSource
from .forms_monthly import recent_months
from .indicators import indicator_set
from .models import WardMonth
from .monthly import ward_month_approve, ward_month_submit

WARD_CODE = "31333"
WARD_OFFICER = "0912000004"
PROVINCE_OFFICER = "0912000003"
# (adults, households) of the whole ward, then per hamlet in name order (cycled)
WARD_FIGURES = (18_450, 6_120)
HAMLET_FIGURES = [(2_310, 760), (1_980, 655), (2_640, 870), (1_720, 590)]
PORTAL_ACCOUNTS_OFFICIAL = 9_870


@transaction.atomic
def seed(*, stdout=None):
    users = get_user_model().objects
    ward = Ward.objects.filter(code=WARD_CODE).first()
    ward_officer = users.filter(username=WARD_OFFICER).first()
    province_officer = users.filter(username=PROVINCE_OFFICER).first()
    if ward is None or ward_officer is None or province_officer is None:
        if stdout:
            stdout.write("Bỏ qua báo cáo tháng mẫu: thiếu phường Vị Tân hoặc tài khoản cán bộ.")
        return
    year = timezone.localdate().year
    figures = [(None, WARD_FIGURES)]
    hamlets = Hamlet.objects.filter(ward=ward, is_active=True).order_by("name")
    figures += [(h, HAMLET_FIGURES[i % len(HAMLET_FIGURES)]) for i, h in enumerate(hamlets)]
    for hamlet, (adults, households) in figures:
        for kind, value in ((IndicatorKind.ADULTS, adults), (IndicatorKind.HOUSEHOLDS, households)):
            indicator_set(
                ward=ward, hamlet=hamlet, year=year, kind=kind, value=value, by=ward_officer
            )
    indicator_set(
        ward=ward,
        year=year,
        kind=IndicatorKind.PORTAL_ACCOUNTS,
        value=PORTAL_ACCOUNTS_OFFICIAL,
        source=IndicatorSource.OFFICIAL,
        by=ward_officer,
    )
    approved_month = recent_months(3)[2]
    if not WardMonth.objects.filter(ward=ward, month=approved_month).exists():
        ward_month = ward_month_submit(ward=ward, month=approved_month, by=ward_officer)
        ward_month_approve(ward_month=ward_month, by=province_officer)
    if stdout:
        stdout.write(
            f"Báo cáo tháng mẫu: {ward.name} tháng {approved_month:%m/%Y} đã duyệt, "
            f"tháng {recent_months(2)[1]:%m/%Y} chờ gửi."
        )
