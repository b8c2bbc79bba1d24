"""The support log's scenarios: the support report against its one-statement floor, nationally
and for the busiest province, and the entry POST of a team leader.

The floor is the report's own single statement (``lms.reports.support_one``, every figure in
one round trip), run by the database alone; report and floor run alternately (``measure_pair``). The entry POST goes through
Django's test client to ``/ho-tro/ghi/`` as a scale team leader, inside a transaction that is
rolled back, so nothing it writes stays.
"""

import uuid

from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.scoping import Scope
from lms.reports.selectors import report_params, support_report
from lms.reports.support_one import support_one_statement
from lms.reports.support_sql import facts_apply, support_statement
from teams.choices import TeamRole
from teams.models import Membership

from .measure import LOGIN_BACKEND, Result, measure, result_of
from .reports import against_floor

SUPPORT_SCENARIOS = ["support_national", "support_province", "support_entry_post"]


def bench_support(*, repeat, level, unit_id=None, target_ms=None):
    kwargs = {"province_id": unit_id} if level == "province" else {}
    params = report_params(scope=Scope(everything=True), **kwargs)
    if facts_apply(params):
        sql, args, _months = support_one_statement(params=params, today=timezone.localdate())
    else:
        sql, args = support_statement(params=params)
    return against_floor(
        f"support_{level}",
        lambda: support_report(params=params),
        sql,
        args,
        repeat=repeat,
        target_ms=target_ms,
    )


def _leader():
    """A team leader who can sign in (scale leaders have accounts), with their team."""
    membership = (
        Membership.objects.filter(
            role=TeamRole.LEADER,
            left_on__isnull=True,
            team__status="active",
            member__user__isnull=False,
        )
        .select_related("member__user", "team")
        .order_by("-team_id")
        .first()
    )
    return membership


def bench_support_entry(*, repeat, target_ms=100):
    """POST one help (one citizen, public services, a portal account) as a team leader."""
    membership = _leader()
    if membership is None:
        return Result(name="support_entry_post", note=_("bỏ qua: không có tổ trưởng"))
    client = Client()
    client.force_login(membership.member.user, backend=LOGIN_BACKEND)
    url = reverse("support:entry")
    today = timezone.localdate()
    statuses = []

    def post():
        response = client.post(
            url,
            {
                "team": membership.team_id,
                "date": f"{today:%d/%m/%Y}",
                "place": "home",
                "people": "1",
                "skills": ["skill_public_services"],
                "outcomes": ["portal_account"],
                "idempotency_key": str(uuid.uuid4()),
            },
        )
        statuses.append(response.status_code)

    with transaction.atomic():
        timings, queries = measure(post, repeat=repeat, using=DEFAULT_DB_ALIAS)
        transaction.set_rollback(True)
    result = result_of("support_entry_post", timings, queries, target_ms=target_ms)
    if any(status != 302 for status in statuses):
        result.passed = False
        result.note = _("trả lời %(codes)s thay vì 302") % {"codes": sorted(set(statuses))}
    else:
        result.note = _("%(n)s lượt ghi, đã hoàn tác") % {"n": len(statuses)}
    return result


def support_scenarios(wanted, *, repeat, province_id):
    """The results of the support scenarios named in ``wanted``, by name."""
    results = {}
    if "support_national" in wanted:
        results["support_national"] = bench_support(repeat=repeat, level="national", target_ms=300)
    if "support_province" in wanted:
        results["support_province"] = (
            bench_support(repeat=repeat, level="province", unit_id=province_id, target_ms=150)
            if province_id
            else Result(name="support_province", note=_("bỏ qua: chưa có tổ nào"))
        )
    if "support_entry_post" in wanted:
        results["support_entry_post"] = bench_support_entry(repeat=repeat)
    return results
