"""The staffing report: who the active team members are (role, affiliation, gender, age, IT
qualification) and which topics they hold a valid certificate in.

Without a course or topic filter it is one statement over ``StaffingFact``
(``lms.reports.staffing_sql``, 2 s -> a tenth of that nationally); with one, five ORM queries on
the source tables, with the same definitions.
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from courses.models import Topic
from teams.choices import Affiliation, Gender, ITQualification, TeamRole

from ..db import report_db_alias
from ..staffing_sql import staffing_figures
from .common import (
    OWN_LEVEL_LABELS,
    Report,
    ReportParams,
    _active_memberships,
    _count_members_where,
    _membership_key,
    _merge,
    _rows,
    _sum,
    _unit_rows,
    _units,
    certified_q,
    valid_certificate_q,
)

AGE_BANDS = [
    # (key, label, youngest age, oldest age) at the end of the period
    ("age_lt30", _("Dưới 30"), 0, 29),
    ("age_30_44", _("30–44"), 30, 44),
    ("age_45_59", _("45–59"), 45, 59),
    ("age_60", _("Từ 60"), 60, None),
]


def staffing_columns(topics=()):
    """The staffing report's count columns as (group label, [(key, label), ...])."""
    return [
        (_("Chức vụ trong tổ"), [(f"role_{v}", label) for v, label in TeamRole.choices]),
        (_("Đơn vị công tác"), [(f"aff_{v}", label) for v, label in Affiliation.choices]),
        (
            _("Giới tính"),
            [(f"gender_{v}", label) for v, label in Gender.choices]
            + [("gender_unknown", _("Chưa rõ"))],
        ),
        (
            _("Độ tuổi"),
            [(key, label) for key, label, _lo, _hi in AGE_BANDS] + [("age_unknown", _("Chưa rõ"))],
        ),
        (
            _("Trình độ CNTT"),
            [(f"qual_{v}", label) for v, label in ITQualification.choices]
            + [("it_major", _("Chuyên ngành CNTT"))],
        ),
        (
            _("Có chứng nhận theo chủ đề"),
            [(f"topic_{topic['id']}", topic["name"]) for topic in topics],
        ),
    ]


def _age_q(day, youngest, oldest):
    """Born so that the age on ``day`` is between ``youngest`` and ``oldest`` (inclusive)."""

    def years_before(n):
        try:
            return day.replace(year=day.year - n)
        except ValueError:  # 29 February
            return day.replace(year=day.year - n, day=28)

    q = Q(member__date_of_birth__lte=years_before(youngest))
    if oldest is not None:
        q &= Q(member__date_of_birth__gt=years_before(oldest + 1))
    return q


def _topics():
    return [
        {"id": pk, "name": name}
        for pk, name in Topic.objects.using(report_db_alias())
        .order_by("name", "pk")
        .values_list("pk", "name")
    ]


def staffing_facts_apply(params):
    """Whether ``StaffingFact`` answers: every report without a course or topic filter (the
    certificates it counts are of any course)."""
    return not params.course_id and not params.topic_id and not params.scope.nothing


def staffing_report(*, params: ReportParams) -> Report:
    """Active members per sub-unit by role, affiliation, gender, age band, IT qualification and
    major, and members holding a valid certificate per topic. One statement over the fact rows
    when they answer (:func:`staffing_facts_apply`), else five ORM queries."""
    if staffing_facts_apply(params):
        rows, topics, metrics = staffing_figures(params=params)
        return _staffing_rows(params, _unit_rows(params, rows), topics, metrics)
    return _staffing_from_sources(params)


def _staffing_rows(params, units, topics, metrics):
    keys = ["members", *[key for _group, cols in staffing_columns(topics) for key, _l in cols]]
    keys.append("certified")
    rows = _rows(params, units, metrics, keys, own_level_label=OWN_LEVEL_LABELS.get(params.level))
    return Report(params=params, rows=rows, totals=_sum(rows, keys), extra={"topics": topics})


def _staffing_from_sources(params):
    """The staffing figures counted on the source tables with the ORM (five queries)."""
    units = _units(params)
    topics = _topics()
    day = params.reference_date
    member_key = _membership_key(params)
    distinct = {"distinct": True}

    counts = {"members": Count("member_id", **distinct)}
    for value, _label in TeamRole.choices:
        counts[f"role_{value}"] = Count("member_id", filter=Q(role=value), **distinct)
    for value, _label in Affiliation.choices:
        counts[f"aff_{value}"] = Count("member_id", filter=Q(member__affiliation=value), **distinct)
    for value, _label in Gender.choices:
        counts[f"gender_{value}"] = Count("member_id", filter=Q(member__gender=value), **distinct)
    counts["gender_unknown"] = Count(
        "member_id", filter=~Q(member__gender__in=Gender.values), **distinct
    )
    for key, _label, youngest, oldest in AGE_BANDS:
        counts[key] = Count("member_id", filter=_age_q(day, youngest, oldest), **distinct)
    counts["age_unknown"] = Count(
        "member_id", filter=Q(member__date_of_birth__isnull=True), **distinct
    )
    for value, _label in ITQualification.choices:
        counts[f"qual_{value}"] = Count(
            "member_id", filter=Q(member__it_qualification=value), **distinct
        )
    counts["it_major"] = Count("member_id", filter=Q(member__it_major=True), **distinct)

    metrics = {}
    _merge(metrics, member_key, _active_memberships(params).values(member_key).annotate(**counts))
    _merge(
        metrics,
        member_key,
        _count_members_where(params, member_key, certified_q(params), "certified"),
    )
    if topics:
        holder = Certificate._meta.get_field("holder").related_query_name()
        per_topic = (
            _active_memberships(params)
            .filter(valid_certificate_q(params, prefix=f"member__{holder}__"))
            .values(member_key, topic=F(f"member__{holder}__course__topics"))
            .annotate(n=Count("member_id", distinct=True))
        )
        for row in per_topic:
            if row["topic"] is None:
                continue
            metrics.setdefault(row[member_key], {})[f"topic_{row['topic']}"] = row["n"]
    return _staffing_rows(params, units, topics, metrics)
